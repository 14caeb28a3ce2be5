"""Settings, all read from the environment (django-environ).

DATABASE_URL selects the database: a SQLite file in WAL mode under var/ by default,
PostgreSQL (postgres://...) in production and in the second CI run.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/utilicase
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("UTILICASE_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()
ENV_FILE = PROJECT_DIR / ".env"  # `utilicase demo` writes a random DJANGO_SECRET_KEY here if none is set
environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Without DJANGO_SECRET_KEY a public development key is used: fine for tests and `manage`
# commands, refused by `utilicase serve` and with UTILICASE_HTTPS (see README, Configuration).
DEVELOPMENT_SECRET_KEY = "utilicase-insecure-development-key-change-me"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
# Production behind a TLS-terminating proxy that sets X-Forwarded-Proto: HTTPS only, HSTS,
# Secure cookies, and a real secret key.
HTTPS = env.bool("UTILICASE_HTTPS", default=False)
# The base address printed into documents' QR codes and links: by default the address
# `utilicase serve` serves (it sets UTILICASE_SERVED_URL).
SITE_URL = env.str("UTILICASE_SITE_URL", default=env.str("UTILICASE_SERVED_URL", default="http://127.0.0.1:8000"))
# The site's own host is always allowed, so the QR codes' links open.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS",
                         default=sorted({"127.0.0.1", "localhost", "testserver", urlsplit(SITE_URL).hostname or "127.0.0.1"}))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "utilicase.org",
    "utilicase.customers",
    "utilicase.calendar.apps.CalendarConfig",
    "utilicase.audit",
    "utilicase.numbering",
    "utilicase.documents",
    "utilicase.evidence",
    "utilicase.compliance",
    "utilicase.complaints",
    "utilicase.inspections",
    "utilicase.enforcement",
    "utilicase.fieldwork",
    "utilicase.accidents",
    "utilicase.whistleblowing",
    "utilicase.notifications",
    "utilicase.billing",
    "utilicase.fees",
    "utilicase.dashboards",
    "utilicase.portal",
    "utilicase.web",
    "utilicase.demo",
    "utilicase.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "utilicase.config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "utilicase.config.middleware.PasswordChangeRequiredMiddleware",
    "utilicase.config.middleware.AdminLookupMiddleware",
    "utilicase.config.middleware.DatabaseBusyMiddleware",
    "utilicase.config.middleware.ApiErrorShapeMiddleware",
]

ROOT_URLCONF = "utilicase.config.urls"
WSGI_APPLICATION = "utilicase.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "utilicase.web.roles.navigation",
                "utilicase.notifications.context.inbox_link",
            ],
        },
    },
]

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise expects STATIC_ROOT to exist
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'utilicase.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so that concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # One test database per test process, so that two runs on one server do not collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# Argon2 hashes new passwords; the others only verify older hashes, which are rehashed with
# Argon2 at the next successful login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: this many failures for one username or one address within the window
# locks further attempts until the window has passed.
LOGIN_FAILURE_LIMIT = env.int("UTILICASE_LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("UTILICASE_LOGIN_FAILURE_WINDOW_SECONDS", default=900)
# The customer portal's one-time codes: who sends them (a dotted path; the default prints them).
UTILICASE_OTP_SENDER = env.str("UTILICASE_OTP_SENDER", default="utilicase.portal.senders.ConsoleSender")

# Enforcement (chapter 1, §2.6): the post-hoc report of an on-site suspension to the office head is
# due within this many working days (§1.2(1)); a theft whose calculated total is above this amount
# (yuan) may be referred for administrative or criminal liability as "very large" (§2.6(5)).
ENFORCEMENT_REPORT_WORKING_DAYS = env.int("UTILICASE_ENFORCEMENT_REPORT_WORKING_DAYS", default=1)
ENFORCEMENT_LIABILITY_THRESHOLD_YUAN = env.str("UTILICASE_ENFORCEMENT_LIABILITY_THRESHOLD_YUAN", default="50000")

# Notifications: hours before a deadline ends that its owner is warned (each may set their own),
# how far back the sweep looks for deadlines that ran out, and whether notices are also emailed
# (through Django's email backend, configured below).
NOTIFY_LEAD_HOURS = env.int("UTILICASE_NOTIFY_LEAD_HOURS", default=24)
NOTIFY_OVERDUE_LOOKBACK_DAYS = env.int("UTILICASE_NOTIFY_OVERDUE_LOOKBACK_DAYS", default=30)
NOTIFY_EMAIL = env.bool("UTILICASE_NOTIFY_EMAIL", default=False)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="utilicase@localhost")

# The audit chain's HMAC key (made by `utilicase audit init`; nothing is audited without it) and
# the append-only file its checkpoints go to (`utilicase audit checkpoint`, and daily the sweep).
# Keep both off the database server and out of its backups.
AUDIT_KEY_FILE = Path(env.str("UTILICASE_AUDIT_KEY_FILE", default=str(VAR_DIR / "audit.key")))
AUDIT_CHECKPOINT_FILE = Path(env.str("UTILICASE_AUDIT_CHECKPOINT_FILE", default=str(VAR_DIR / "audit-checkpoints.txt")))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True
# Stored files (photos, recordings, attachments, issued PDFs) go through the storage "blobs"
# (utilicase.blobs.storage): a directory under MEDIA_ROOT readable by the server's user only, or,
# with UTILICASE_BLOB_STORAGE=s3, an S3-compatible bucket that several servers share. The keys are
# the same on both, <namespace>/<2 hex>/<sha256>. Credentials come from boto3's usual sources
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role), never from this file.
BLOB_STORAGE = env.str("UTILICASE_BLOB_STORAGE", default="filesystem")
if BLOB_STORAGE == "filesystem":
    BLOB_STORAGE_SETTINGS = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
elif BLOB_STORAGE == "s3":
    BLOB_STORAGE_SETTINGS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("UTILICASE_S3_BUCKET"),
            "endpoint_url": env.str("UTILICASE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("UTILICASE_S3_REGION", default="") or None,
            "location": env.str("UTILICASE_S3_PREFIX", default=""),
            # "path" for MinIO and other servers without per-bucket host names
            "addressing_style": env.str("UTILICASE_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,  # the bucket's own (private) policy
            "file_overwrite": True,  # a key is its content: writing it again writes the same bytes
            "querystring_auth": True,  # never public links; files are served through the application
        },
    }
else:
    raise ImproperlyConfigured("UTILICASE_BLOB_STORAGE is 'filesystem' or 's3'")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "blobs": BLOB_STORAGE_SETTINGS,
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS or env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Pages run only the site's own scripts and styles: no inline script, style or event handler.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
if HTTPS:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured("UTILICASE_HTTPS is on: set DJANGO_SECRET_KEY to a random key of 50+ characters")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("UTILICASE_LOG_LEVEL", default="WARNING")},
}
