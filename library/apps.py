from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Afsprakenbibliotheek"

    def ready(self) -> None:
        from bos import audit

        from .models import Document, DocumentVersion

        audit.register(Document)
        # The extracted text is long and already in the file; the stored name is internal.
        audit.register(DocumentVersion, exclude=["text", "stored_name"])
