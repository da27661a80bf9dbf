# launchgate as a container:  docker run --rm -v "$PWD:/work" launchgate check
#
# Debian bookworm-slim with Debian's Python 3.11; every Python dependency pinned by hash in
# docker/requirements.txt (regenerate with scripts/lock-deps.sh); runs as an unprivileged user.
ARG BASE_IMAGE=debian:bookworm-slim

# ---- python: Debian's interpreter, shared by the build and the runtime stage ----
FROM ${BASE_IMAGE} AS python
# Versions come from the Debian release itself (security updates included), not pinned here.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# ---- build: a virtual environment holding launchgate and its pinned dependencies ----
FROM python AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-venv \
    && rm -rf /var/lib/apt/lists/*
# A package mirror or a local wheelhouse (hashes are checked all the same), e.g.
#   --build-arg PIP_INDEX_URL=https://mirror.example/simple
#   --build-arg PIP_NO_INDEX=1 --build-arg PIP_FIND_LINKS=http://127.0.0.1:8000/
ARG PIP_INDEX_URL
ARG PIP_FIND_LINKS
ARG PIP_NO_INDEX
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
COPY docker/requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/launchgate \
    && /opt/launchgate/bin/pip install --require-hashes --no-deps --only-binary=:all: \
        -r /tmp/requirements.txt
# The context is an allow-list (.dockerignore): pyproject.toml, README.md, launchgate/.
COPY . /src
# --no-build-isolation: the build backend is the hash-pinned setuptools installed above.
RUN /opt/launchgate/bin/pip install --no-deps --no-build-isolation /src \
    && /opt/launchgate/bin/pip uninstall -y setuptools wheel pip \
    && /opt/launchgate/bin/launchgate --version

# ---- runtime: Python, git and the virtual environment, nothing else ----
FROM python
LABEL org.opencontainers.image.title="launchgate" \
      org.opencontainers.image.description="A pre-deploy gate for small teams: DNS, email auth, TLS, HTTP, secrets, env and latency checks in one command." \
      org.opencontainers.image.licenses="MIT"
# git: the secrets scan reads what git tracks. safe.directory '*': a mounted checkout is owned
# by another uid than the container's user, which git otherwise refuses ("dubious ownership").
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*' \
    && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin launchgate
ENV PATH=/opt/launchgate/bin:$PATH \
    LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /work
ENTRYPOINT ["launchgate"]
CMD ["check"]
USER 10001:10001
# Last, so a change to launchgate's code rebuilds only this layer of the runtime image.
COPY --from=build /opt/launchgate /opt/launchgate
