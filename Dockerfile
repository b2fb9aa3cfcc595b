# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango for WeasyPrint (the PDF documents); the fonts are vendored in aigov/documents/fonts.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY aigov aigov
COPY registry registry
COPY assessments assessments
COPY demo demo
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build DEBUG=0 ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app aigov && mkdir -p /app/var/media /app/var/evidence /app/var/documents && chown -R aigov /app/var
USER aigov
EXPOSE 8000
# Workers, timeouts and the GC freeze: gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_TIMEOUT).
CMD ["gunicorn", "aigov.wsgi", "--access-logfile", "-"]
