/* SPDX-License-Identifier: MIT */
/*
 * DOC: program cache
 *
 * Builds and compiles of source programs are remembered on disk, in
 * $HMMCL_CACHE_DIR, else $XDG_CACHE_HOME/hmmcl, else ~/.cache/hmmcl;
 * HMMCL_CACHE=0 turns the cache off. An entry is a program binary (binary.h)
 * named by the SHA-256 (libcrypto's, as 64 lowercase hex digits) of
 * everything that decides it: the kind of build, the source, the normalised
 * options, embedded headers, the device ISA version, the hmmcl version and the
 * identity of the tools (path, size and mtime of clang, llvm-spirv, ...).
 * Builds with -I are not cached: the headers they may include are outside the
 * key. Programs made from IL or binaries are not cached.
 *
 * Entries are written to a temporary file and renamed into place, so a
 * reader sees a whole entry or none; each starts with the SHA-256 of the
 * rest, and an entry that does not match (or whose binary does not load)
 * is ignored and rebuilt.
 */
#ifndef HMMCL_COMPILER_CACHE_H
#define HMMCL_COMPILER_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/frontend.h"

/*
 * The key of a build of @kind ("build" or "compile") from @source with
 * normalised @options and embedded @headers (name and text each). Returns
 * false, leaving @hex undefined, if libcrypto could not compute it (out of
 * memory): the build is then not cached.
 */
bool hmmcl_cache_source_key(const char *kind, const char *source, const char *options,
                            const struct hmmcl_fe_header *headers, size_t num_headers,
                            char hex[65]);

/* True unless HMMCL_CACHE=0 or no cache directory can be named. */
bool hmmcl_cache_enabled(void);

/* The entry @hex into @out (malloc'd). Returns 0, or -1 if absent or corrupt. */
int hmmcl_cache_load(const char *hex, struct hmmcl_blob *out);

/* Store an entry (best effort: failures are ignored). */
void hmmcl_cache_store(const char *hex, const void *data, size_t size);

/* Remove an entry found to be unusable. */
void hmmcl_cache_drop(const char *hex);

#endif
