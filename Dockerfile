FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=bos.settings.production
# WeasyPrint needs Pango; pg_dump is used by the backup command.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
RUN SECRET_KEY=collectstatic-only-$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app bos && mkdir -p /app/var && chown -R bos /app/var
USER bos
EXPOSE 8000
CMD ["gunicorn", "bos.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
