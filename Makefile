# Two commands do all the set-up: `make run` (demo on SQLite) and `make test` (whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format bench venv backup restore

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

.env:
	sed "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')|" .env.example > .env

run: venv .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv .env
	$(BIN)/python manage.py bench

# Backup: database + uploads + manifest into BACKUP_DIR (or DEST=...). Restore: make restore FROM=<folder>
backup: venv
	$(BIN)/python manage.py backup $(if $(DEST),--dest $(DEST))

restore: venv
	test -n "$(FROM)" || (echo "pakai: make restore FROM=<folder cadangan>" && exit 2)
	$(BIN)/python manage.py restore $(FROM)
