"""Receiving uploads: the multipart body streamed straight to disk, checked as it arrives.

Nothing the client sends is used as a path: each file is written to ``uploads/<32 random hex>``
(created exclusively, mode 0600), and the client's file name is kept only as display text.
The body is refused as soon as something is wrong — before any file byte is written when the
CSRF token (a form field that must come before the files, or the ``X-CSRF-Token`` header) is
missing or wrong; mid-file when a file passes the size limit; as soon as the form carries too
many parts or fields (:data:`MAX_TEXT_FIELDS`), too many text bytes (:data:`MAX_TEXT_BYTES`) or
a part's headers are too long, so the memory held for the form stays bounded — and every file
written so far is deleted. After the body, each file's content is sniffed (:func:`sniff`): a
renamed PDF, an image or a text file is refused with the decoder's one-line reason.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from hingecoach.errors import InputError

#: Largest accepted text field, bytes.
MAX_FIELD_BYTES = 10_000
#: Most text fields one upload may carry (the form has eleven, four of them the self-test's).
MAX_TEXT_FIELDS = 20
#: Largest total of all text fields' bytes in one upload.
MAX_TEXT_BYTES = 64_000
#: Largest total of one part's header bytes (names, file name, content type).
MAX_PART_HEADER_BYTES = 16_000
#: The file input's name in the upload form.
FILE_FIELD = "files"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRejected(Exception):
    """The upload is refused: an HTTP status and a one-line reason for the user."""

    def __init__(self, status_code: int, message: str):
        """Refuse with HTTP ``status_code`` (e.g. 400, 403, 415) and a one-line ``message``."""
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass
class ReceivedFile:
    """A file written to the uploads folder."""

    stored_name: str
    original_name: str
    path: Path
    size_bytes: int = 0


def display_name(raw: bytes | str) -> str:
    """The client's file name as safe display text: last path component, no control chars."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = re.split(r"[\\/]", text)[-1]
    text = " ".join(_CONTROL.sub("", text).split())[:200]
    return text if text.strip(".") else "video"


@dataclass
class UploadReceiver:
    """Feed it the request body chunk by chunk; it writes files and collects the text fields."""

    boundary: bytes
    uploads_dir: Path
    max_file_bytes: int
    max_files: int
    csrf_valid: Callable[[str | None], bool]
    csrf_checked: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    files: list[ReceivedFile] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Start the parser state: no part, header or file open yet."""
        self._headers: dict[bytes, bytes] = {}
        self._header_field = b""
        self._header_value = b""
        self._name = ""
        self._text: bytearray | None = None
        self._file: ReceivedFile | None = None
        self._fh: object | None = None
        self._parts = 0
        self._text_fields = 0
        self._text_bytes = 0
        self._header_bytes = 0
        self._parser = MultipartParser(
            self.boundary,
            callbacks={  # type: ignore[arg-type]
                "on_part_begin": self._part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def write(self, chunk: bytes) -> None:
        """Parse the next piece of the body.

        Raises:
            UploadRejected: bad CSRF token, a file over the limit, too many files, a bad form.
        """
        try:
            self._parser.write(chunk)
        except UploadRejected:
            raise
        except OSError as e:
            raise UploadRejected(507, f"the server cannot store the upload: {e.strerror}") from None
        except Exception as e:  # python-multipart raises its own errors for a malformed body
            raise UploadRejected(400, f"the upload is not a valid form ({e})") from None

    def close(self) -> None:
        """Close the file being written (after the body ended, or before :meth:`discard`)."""
        fh = self._fh
        self._fh = None
        if fh is not None:
            fh.close()  # type: ignore[attr-defined]

    def discard(self) -> None:
        """Delete every file written (the upload was refused)."""
        self.close()
        for f in self.files:
            f.path.unlink(missing_ok=True)

    # -- parser callbacks -------------------------------------------------------------------

    def _part_begin(self) -> None:
        self._parts += 1
        if self._parts > self.max_files + MAX_TEXT_FIELDS:  # empty file inputs count too
            raise UploadRejected(400, "the upload has too many parts: send the upload form")
        self._headers, self._header_field, self._header_value = {}, b"", b""
        self._header_bytes = 0

    def _count_header(self, n_bytes: int) -> None:
        self._header_bytes += n_bytes
        if self._header_bytes > MAX_PART_HEADER_BYTES:
            raise UploadRejected(400, "a part of the upload has headers that are too long")

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            self._text_fields += 1
            if self._text_fields > MAX_TEXT_FIELDS:
                raise UploadRejected(
                    400, f"the upload has more than {MAX_TEXT_FIELDS} form fields: send the form"
                )
            self._text = bytearray()
            return
        self._text = None
        if not self.csrf_checked:
            raise UploadRejected(403, "missing or invalid CSRF token: reload the page and retry")
        if self._name != FILE_FIELD:
            raise UploadRejected(400, f"unexpected file field {self._name!r}")
        if not filename:  # a file input with nothing chosen
            return
        if len(self.files) >= self.max_files:
            raise UploadRejected(400, f"at most {self.max_files} videos per upload")
        stored = secrets.token_hex(16)
        path = self.uploads_dir / stored
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._fh = os.fdopen(fd, "wb")
        self._file = ReceivedFile(stored, display_name(filename), path)
        self.files.append(self._file)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._text is not None:
            self._text += data[start:end]
            self._text_bytes += end - start
            if len(self._text) > MAX_FIELD_BYTES:
                raise UploadRejected(400, f"the form field {self._name!r} is too long")
            if self._text_bytes > MAX_TEXT_BYTES:
                raise UploadRejected(
                    400, f"the form's fields are over {MAX_TEXT_BYTES // 1000} kB in all"
                )
            return
        if self._file is None or self._fh is None:
            return
        self._file.size_bytes += end - start
        if self._file.size_bytes > self.max_file_bytes:
            limit_mb = self.max_file_bytes / 1_000_000
            raise UploadRejected(
                413,
                f"{self._file.original_name}: larger than the {limit_mb:g} MB upload limit; "
                "trim the video to the set",
            )
        self._fh.write(data[start:end])  # type: ignore[attr-defined]

    def _part_end(self) -> None:
        if self._text is not None:
            try:
                value = self._text.decode("utf-8")
            except UnicodeDecodeError:
                raise UploadRejected(400, f"the form field {self._name!r} is not text") from None
            self.fields[self._name] = value
            if self._name == "csrf_token" and not self.csrf_checked:
                if not self.csrf_valid(value):
                    raise UploadRejected(
                        403, "missing or invalid CSRF token: reload the page and retry"
                    )
                self.csrf_checked = True
            self._text = None
        elif self._file is not None:
            self.close()
            self._file = None


def sniff(f: ReceivedFile) -> None:
    """Refuse a file that is not a video (empty, PDF, image, text, audio only, ...).

    Raises:
        UploadRejected: 415 with the decoder's reason, naming the user's file name.
    """
    from hingecoach.video.container_timing import check_container_timing
    from hingecoach.video.decode import probe

    try:
        probe(f.path)
        check_container_timing(f.path)
    except InputError as e:
        message = str(e).replace(str(f.path), f.original_name)
        raise UploadRejected(415, message) from None
