# The project's interface: CI calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format admin install install-test migrate serve bench lighthouse backup restore \
	screenshots screenshots-public messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

## run: install, migrate (which loads the programme's content), serve on http://$(HOST):$(PORT)/
## (127.0.0.1:8000 unless given, e.g. make run PORT=8101)
# Local work: DEBUG on unless the environment says otherwise, even with a production-ready
# .env copied from .env.example (a variable of the environment wins over the file).
run: export DEBUG ?= True
run: migrate
	@$(MANAGE) create_local_staff --address $(HOST):$(PORT)
	@echo "Site : http://$(HOST):$(PORT)/  (Ctrl+C pour arrêter)"
	$(MANAGE) runserver $(HOST):$(PORT)

## test: the checks of `make lint`, then the whole pytest suite
test: install-test lint
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff (lint + format), the architecture contracts (import-linter, see
## docs/architecture.md) and no model change left without its migration
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

## messages: the English interface catalogue (locale/en/) regenerated from the sources,
## then compiled (needs gettext: apt-get install gettext); README « Traductions »
MESSAGES_IGNORE := --ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles \
	--ignore=media --ignore=private-media --ignore=screenshots
messages: install
	$(MANAGE) makemessages -l en $(MESSAGES_IGNORE) --no-obsolete
	$(MANAGE) compilemessages -l en --ignore=.venv

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## screenshots: take the README's pictures of the admin again (docs/admin-accueil.png, the
## approval workflow's docs/validation-*.png, docs/connexion-en-deux-etapes.png), in headless
## Chromium (the Debian package, or CHROMIUM_PATH); the test suite never writes in docs/
SHOTS := tests/artifacts/screenshots
ADMIN_SHOTS := admin-accueil.png validation-modification-en-attente.png \
	validation-comparaison.png validation-renvoyee.png connexion-en-deux-etapes.png
screenshots: install-test
	rm -rf $(SHOTS)
	SCREENSHOT_DIR=$(SHOTS) $(BIN)/pytest -q -p no:cacheprovider -m browser \
		"tests/admin/test_browser.py::test_admin_home_lists_what_needs_attention" \
		tests/admin/test_browser_workflow.py
	@for shot in $(ADMIN_SHOTS); do test -f $(SHOTS)/$$shot || \
		{ echo "Pas de capture $$shot : Chromium est-il installé (CHROMIUM_PATH) ?"; exit 1; }; done
	for shot in $(ADMIN_SHOTS); do cp $(SHOTS)/$$shot docs/$$shot; done

## screenshots-public: every public page of a fresh site at 320, 768 and 1280 px into
## screenshots/ (not tracked), then the README's two pictures of the home page into docs/
PUBLIC_SHOTS := screenshots
screenshots-public: install-test
	rm -rf $(PUBLIC_SHOTS) && mkdir -p $(PUBLIC_SHOTS)
	DATABASE_URL=sqlite:///$(CURDIR)/$(PUBLIC_SHOTS)/site.sqlite3 $(MANAGE) migrate --noinput -v0
	DEBUG=True DATABASE_URL=sqlite:///$(CURDIR)/$(PUBLIC_SHOTS)/site.sqlite3 \
		$(MANAGE) screenshots --output $(PUBLIC_SHOTS)
	cp $(PUBLIC_SHOTS)/accueil-1280.png docs/accueil-1280.png
	cp $(PUBLIC_SHOTS)/accueil-320.png docs/accueil-320.png

## admin: create a staff account, asking for the e-mail and the password
admin: migrate
	$(MANAGE) createstaff

# The production configuration on this machine, over plain http: DEBUG off, a throw-away
# key unless SECRET_KEY is set, HTTPS redirect off (there is no TLS here).
PROD_ENV := DEBUG=False ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-False}

## serve: the production configuration locally (collectstatic, migrate, gunicorn on 127.0.0.1:8000)
serve: install
	$(PROD_ENV) $(MANAGE) collectstatic --noinput -v0
	$(PROD_ENV) $(MANAGE) migrate --noinput
	@echo "Site (configuration de production) : http://$(HOST):$(PORT)/  (Ctrl+C pour arrêter)"
	$(PROD_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

## bench: the site against a bare Django project (bench/floor/) served the same way in the same
## run, demo size on SQLite (+ demo and large sizes on PostgreSQL with BENCH_DATABASE_URL), with
## and without the page cache; prints the table and the targets of issue 17 (README
## « Performances »). BENCH_QUICK=1 for a short run while developing.
bench: install
	@command -v wrk >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y wrk
	$(BIN)/python bench/run.py

## lighthouse: Lighthouse (phone settings, Chromium) on the home page, /formation/ and a news
## item of a fresh production-configured site, 3 runs each: the median scores; fails below
## 100 in accessibility, best practices or SEO, or 95 in performance (bench/lighthouse.py)
lighthouse: install
	$(BIN)/python bench/lighthouse.py

## backup: archive of the database and media files in backups/ipps-YYYYmmdd-HHMMSS.tar.gz
backup: install
	$(MANAGE) backup_site --output-dir backups

## restore: ARCHIVE=backups/ipps-….tar.gz brings the database and media files back
restore: install
	@test -n "$(ARCHIVE)" || { echo "Indiquez l'archive : make restore ARCHIVE=backups/ipps-….tar.gz"; exit 2; }
	$(MANAGE) migrate --noinput
	$(MANAGE) restore_site "$(ARCHIVE)"
