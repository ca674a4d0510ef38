"""A limit on every file uploaded to the site, applied while the request is read.

Django keeps an upload in memory or in a temporary file whatever its size, and a form can only
look at it afterwards. This handler comes first (settings.FILE_UPLOAD_HANDLERS): it passes a
file's bytes on to Django's handlers up to `MAX_UPLOAD_BYTES`, then drops the rest, and hands
the form a `RefusedUpload` that says how large the file was, so the form can say so next to the
field. Nothing past the limit is kept anywhere, nor ever decoded.
"""

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# The largest file any form takes: a phone's photo is 2 to 8 MB.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class RefusedUpload(UploadedFile):
    """A file that was larger than the limit: its name and size, none of its content."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(file=None, name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs) -> bytes:
        return b""

    def chunks(self, chunk_size=None):
        return iter(())

    def close(self) -> None:
        pass


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *args):
        super().new_file(field_name, file_name, content_type, content_length, charset, *args)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # None keeps the chunk from the handlers after this one.
        return raw_data if self.received <= MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= MAX_UPLOAD_BYTES:
            return None  # the next handler hands over the file it kept
        return RefusedUpload(self.file_name, self.content_type, self.received)
