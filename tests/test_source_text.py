import pytest

from argmap.io import MapFileError
from argmap.io.source_text import MAX_SOURCE_BYTES, fingerprint, read_source_text


def test_line_ends_and_byte_order_mark_are_normalised(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond\rThird\n")
    assert read_source_text(p) == "First line\nSecond\nThird\n"


def test_windows_1252_text_is_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Putin’s “red lines”".encode("cp1252"))
    assert read_source_text(p) == "Putin’s “red lines”"


def test_missing_and_oversized_sources(tmp_path):
    with pytest.raises(MapFileError, match="no such file"):
        read_source_text(tmp_path / "none.txt")
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(MapFileError, match="larger than any article"):
        read_source_text(big)
    with pytest.raises(MapFileError, match="folder"):
        read_source_text(tmp_path)


def test_fingerprint_is_stable():
    assert fingerprint("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
