"""The language a management command speaks. Its messages are marked Chinese (the source
language, like the pages'), shown in the operator's language: `--lang en` or `--lang zh-hans`
when given; otherwise the LANG environment when it names one of the site's languages
(`en_US.UTF-8` is English, `zh_CN.UTF-8` Chinese); otherwise the site's LANGUAGE_CODE (Chinese).
A `C` or `POSIX` locale chooses nothing."""

import argparse
import os
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


def command_language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    if lang:
        return lang
    environ = os.environ if environ is None else environ
    posix = environ.get("LANG", "").split(".")[0].split("@")[0]
    if posix and posix not in ("C", "POSIX"):
        try:
            return translation.get_supported_language_variant(translation.to_language(posix))
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def lang_in(argv: Sequence[str]) -> str | None:
    """The value of `--lang X` or `--lang=X` in a command line, if any (read before the parser is
    built, so that its help and its errors are in that language too)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def add_lang_argument(parser: argparse.ArgumentParser, *, default=None) -> None:
    parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES], default=default,
                        help=translation.gettext("输出语言（默认取环境变量 LANG，否则为中文）"))


class LanguageCommand(BaseCommand):
    """A command that speaks the operator's language (see the module). Its `help` may be lazy
    (gettext_lazy): it is read in that language. A command with subcommands gives each of them
    `--lang` too: `add_lang_argument(sub, default=argparse.SUPPRESS)`."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)  # argparse wants a str
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        add_lang_argument(parser)
        return parser

    def run_from_argv(self, argv):
        lang = lang_in(argv[2:])
        with translation.override(command_language(lang if lang in dict(settings.LANGUAGES) else None)):
            super().run_from_argv(argv)

    def execute(self, *args, **options):
        with translation.override(command_language(options.get("lang"))):
            return super().execute(*args, **options)
