# The two commands of the README: `make run` and `make test`. Everything else is a helper.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint format install migrate demo pdf-fonts

$(STAMP):
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (tests/browser/), never a downloaded browser.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT      := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

$(CHROMIUM):
	$(APT) install -y chromium || { $(APT) update && $(APT) install -y chromium; }

# Debian's fonts for certificate PDFs in every script (CERTDESK_PDF_FONTS): DejaVu Sans
# (Latin, Greek, Cyrillic, ...) and WenQuanYi Zen Hei (Chinese, Japanese, Korean).
FONT_PACKAGES := fonts-dejavu-core fonts-wqy-zenhei
FONTS := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

$(FONTS) &:
	$(APT) install -y $(FONT_PACKAGES) || { $(APT) update && $(APT) install -y $(FONT_PACKAGES); }

# For `make run` the fonts are best-effort: without them PDFs fall back to Helvetica.
pdf-fonts:
	@ls $(FONTS) >/dev/null 2>&1 || $(MAKE) -s --no-print-directory $(FONTS) || \
	  echo "certdesk: $(FONT_PACKAGES) not installed; certificate PDFs fall back to Helvetica"

## Set up, migrate, load demo data and serve on SQLite with jobs in-process.
run: $(STAMP) pdf-fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

## Set up and run the whole suite: lint, format check, tests (SQLite unless DATABASE_URL).
test: $(STAMP) $(CHROMIUM) $(FONTS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
