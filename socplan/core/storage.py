"""Storage of the static files."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files with hashed names, each name's URL looked up once per
    process: a page names about seven static files, and each lookup (manifest, URL joining
    and quoting) cost about 0.1 ms of every page's rendering (pyinstrument,
    benchmarks/results.md). The names do not change while the server runs: collectstatic
    runs before it starts (``socplan serve``), and WhiteNoise reads the files only then."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
