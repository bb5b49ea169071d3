"""GeoNames import and download: fixtures, the real shared files (when present), broken inputs."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch.geo import Geocoder, GeoNamesDownloadError, GeoNamesFormatError, SqliteGazetteer, name_key
from conflictwatch.geo.geonames import download, import_geonames

FIXTURES = Path(__file__).parent / "data" / "geo"
CITIES = FIXTURES / "cities_fixture.txt"
ADMIN1 = FIXTURES / "admin1CodesASCII_fixture.txt"
COUNTRIES = FIXTURES / "countryInfo_fixture.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "geonames"


def _zip(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, data)
    return path


def test_import_fixture_files_with_alternate_names(tmp_path: Path) -> None:
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t173377\tku\tQamişlo Bajarê\t\t\t\t\t\t\n2\t173377\tlink\thttps://example.org/x\t\t\t\t\t\t\n")
    info = import_geonames([CITIES, ADMIN1, COUNTRIES, alt], tmp_path / "g.sqlite")
    assert info.places > 20
    gz = SqliteGazetteer(tmp_path / "g.sqlite")
    hits = gz.lookup([name_key("Qamişlo Bajarê")])
    assert [e.geonames_id for e in hits[name_key("Qamişlo Bajarê")]] == [173377]
    assert not gz.lookup([name_key("https://example.org/x")])
    # admin1 units were synthesised from admin1CodesASCII, standing at their biggest town
    aleppo = gz.admin1_units()[("SY", "09")]
    assert aleppo.location == "Aleppo" and abs(aleppo.latitude - 36.2) < 0.01


def test_import_reads_zipped_country_dumps(tmp_path: Path) -> None:
    dump = _zip(tmp_path / "SY.zip", "SY.txt", CITIES.read_bytes())
    (tmp_path / "SY.zip").rename(tmp_path / "SY.zip")
    import_geonames([dump, ADMIN1], tmp_path / "g.sqlite")
    place, _ = Geocoder(SqliteGazetteer(tmp_path / "g.sqlite")).locate("Shelling hit Tel Tamer in Syria.")
    assert place is not None and place.geonames_id == 163915


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncated_zip(d: Path) -> Path:
    whole = _zip(d / "whole.zip", "IQ.txt", CITIES.read_bytes() * 20).read_bytes()
    (d / "whole.zip").unlink()
    return _write(d / "IQ.zip", whole[: len(whole) // 2])


@pytest.mark.parametrize(
    "make_bad",
    [
        lambda d: _write(d / "SY.txt", b"this\tis\tnot\tgeonames\n"),
        lambda d: _write(d / "cities500.txt", b"\xff\xfe\x00garbage" * 50),
        _truncated_zip,
        lambda d: _write(d / "YE.zip", b"PK\x03\x04 truncated nonsense"),
        lambda d: _write(d / "admin1CodesASCII.txt", b"SY01 no dots and too few columns\n"),
    ],
    ids=["wrong-columns", "not-utf8", "truncated-zip", "not-a-zip", "bad-admin-codes"],
)
def test_bad_files_raise_coded_error_and_keep_existing_gazetteer(tmp_path: Path, make_bad) -> None:
    target = tmp_path / "gazetteer.sqlite"
    import_geonames([CITIES, ADMIN1, COUNTRIES], target)
    before = target.read_bytes()
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = make_bad(bad_dir)
    files = [bad] if bad.name.startswith(("SY", "IQ", "YE", "cities")) else [CITIES, bad]
    with pytest.raises(GeoNamesFormatError) as err:
        import_geonames(files, target)
    assert err.value.code == "GEO004"
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "gazetteer.sqlite"]


def test_import_needs_a_gazetteer_file(tmp_path: Path) -> None:
    with pytest.raises(GeoNamesFormatError):
        import_geonames([ADMIN1, COUNTRIES], tmp_path / "g.sqlite")


@pytest.mark.skipif(not (SHARED / "cities15000.zip").exists(), reason="shared GeoNames files absent")
def test_import_real_geonames_files(tmp_path: Path) -> None:
    files = [SHARED / n for n in ("cities15000.zip", "admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt")]
    info = import_geonames([f for f in files if f.exists()], tmp_path / "g.sqlite")
    assert info.places > 32_000
    geo = Geocoder(SqliteGazetteer(tmp_path / "g.sqlite"))
    place, _ = geo.locate("Regime forces shelled Idleb province.")
    assert place is not None and (place.country, place.admin1, place.geo_precision) == ("Syria", "Idleb", 3)
    place, _ = geo.locate("A car bomb exploded in Mosul, Iraq.")
    assert place is not None and place.country == "Iraq" and place.admin1 == "Ninewa"


@pytest.fixture()
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dump/", root
    finally:
        server.shutdown()
        server.server_close()


def test_download_then_import(file_server: tuple[str, Path], tmp_path: Path) -> None:
    base_url, root = file_server
    (root / "dump").mkdir()
    _zip(root / "dump" / "SY.zip", "SY.txt", CITIES.read_bytes())
    (root / "dump" / "admin1CodesASCII.txt").write_bytes(ADMIN1.read_bytes())
    (root / "dump" / "admin2Codes.txt").write_text("SY.01.SY0100\tAl-Hasakah\tAl-Hasakah\t1\n")
    (root / "dump" / "countryInfo.txt").write_bytes(COUNTRIES.read_bytes())
    paths = download(["sy"], base_url=base_url, dest_dir=tmp_path / "dl", timeout=5)
    assert [p.name for p in paths] == ["SY.zip", "admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt"]
    info = import_geonames(paths, tmp_path / "g.sqlite")
    assert info.places > 20


def test_download_errors_are_coded(file_server: tuple[str, Path], tmp_path: Path) -> None:
    base_url, root = file_server
    (root / "dump").mkdir()
    with pytest.raises(GeoNamesDownloadError, match="HTTP 404"):
        download(["XX"], base_url=base_url, dest_dir=tmp_path / "dl", timeout=5)
    (root / "dump" / "IQ.zip").write_bytes(b"<html>not a zip</html>")
    with pytest.raises(GeoNamesDownloadError):
        download(["IQ"], base_url=base_url, dest_dir=tmp_path / "dl", timeout=5)
    assert not list((tmp_path / "dl").iterdir())  # no partial files left
