# syntax=docker/dockerfile:1
# One image for every VOROC process: web (gunicorn), Celery worker, Celery beat and the migrate step
# (docker-compose.yml picks the command). Build: `docker build -t voroc .`
#
# The base image is pinned by its full version tag. To pin it by digest as well, look the digest up
# where a registry is reachable (`docker buildx imagetools inspect python:3.11.14-slim-bookworm`) and
# build with --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<digest> (docs/deployment.md).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# --- build: the pinned dependencies of pyproject.toml in a virtualenv ------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml ./
# Installs the exact pins of [project.dependencies] (the project itself has no package to install).
RUN pip install --no-cache-dir .

# --- runtime ----------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# WeasyPrint's libraries (Pango with HarfBuzz and fontconfig) and the font the PDF templates name;
# xmlsec1, which pysaml2 calls to check the signatures of SAML single sign-on.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core xmlsec1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 voroc \
    && useradd --system --uid 10001 --gid voroc --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin voroc
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=voroc.settings \
    VOROC_PRODUCTION=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/voroc/media \
    XDG_CACHE_HOME=/tmp/cache
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Code and static files belong to root: the application user can read them, not change them.
COPY . .
# Hashed, compressed static files (WhiteNoise's manifest storage). The key and host only let the
# production settings load for this step; the containers get theirs from the env file.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var /var/lib/voroc/media \
    && chown voroc:voroc /app/var /var/lib/voroc/media
USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
