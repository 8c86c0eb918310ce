#!/usr/bin/env bash
# Netlify's `ignore` command: exit 0 skips the build, any other exit builds.
# Skips only when this commit changes nothing the site is built from since the last build.
# Builds when in doubt: no previous build (CACHED_COMMIT_REF empty), a previous commit git does not
# know (shallow clone, rewritten history), or the same commit again (Netlify sets
# CACHED_COMMIT_REF = COMMIT_REF when it builds without a cache, e.g. the very first build,
# and a deploy someone triggers by hand must not be skipped).
# Arguments replace the default list of paths that affect the site.
set -u
cd "$(dirname "$0")/.." || exit 1

if [ "$#" -gt 0 ]; then
  paths=("$@")
else
  paths=(content templates static vendor briefing generate.py requirements.txt pyproject.toml netlify.toml)
fi
previous="${CACHED_COMMIT_REF:-}"
current="${COMMIT_REF:-HEAD}"

if [ -z "$previous" ]; then
  echo "netlify-ignore: no previous build: building"; exit 1
fi
if ! git cat-file -e "${previous}^{commit}" 2>/dev/null; then
  echo "netlify-ignore: previous commit ${previous} is unknown here: building"; exit 1
fi
if [ "$(git rev-parse "${previous}^{commit}")" = "$(git rev-parse "${current}^{commit}" 2>/dev/null)" ]; then
  echo "netlify-ignore: same commit as the last build (first or manual build): building"; exit 1
fi
git diff --quiet "$previous" "$current" -- "${paths[@]}"
status=$?
if [ "$status" -eq 0 ]; then
  echo "netlify-ignore: nothing the site is built from changed since ${previous}: skipping the build"
  exit 0
fi
[ "$status" -eq 1 ] && echo "netlify-ignore: the site's sources changed: building" \
                    || echo "netlify-ignore: git diff failed (status ${status}): building"
exit 1
