"""The committed card bundle is exactly what the sources build to."""

from __future__ import annotations

from pathlib import Path

from frontend_toolchain import BUNDLE, Toolchain


def test_committed_bundle_equals_a_fresh_build(toolchain: Toolchain, tmp_path: Path) -> None:
    # `npm run build` type-checks the sources (tsc) before bundling, so type errors fail here.
    result = toolchain.run(toolchain.npm, "run", "build", "--", "--outdir", str(tmp_path))
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    fresh = (tmp_path / BUNDLE.name).read_bytes()
    assert BUNDLE.exists(), "no committed bundle: run scripts/build-frontend"
    assert BUNDLE.read_bytes() == fresh, (
        "the committed bundle differs from a fresh build of frontend/src: "
        "run scripts/build-frontend and commit the result"
    )
