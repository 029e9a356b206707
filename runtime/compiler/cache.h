/* SPDX-License-Identifier: MIT */
/*
 * DOC: program cache
 *
 * Builds are remembered on disk, in $HMMCL_CACHE_DIR, else
 * $XDG_CACHE_HOME/hmmcl, else ~/.cache/hmmcl; HMMCL_CACHE=0 turns the cache
 * off. An entry is a program binary (binary.h) named by the SHA-256 of
 * everything that decides it: the kind of build, the source or IL bytes,
 * the normalised options, embedded headers, specialization constants, the
 * device ISA version, the hmmcl version and the identity of the tools
 * (path, size and mtime of clang, llvm-spirv, ...). Builds with -I are not
 * cached: the headers they may include are outside the key.
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
#include "compiler/sha256.h"

/* Start a key for a build of @kind ("build", "compile", "il", ...). */
void hmmcl_cache_key_begin(struct hmmcl_sha256 *key, const char *kind);
/* Add one input; each is length-prefixed so that inputs cannot run together. */
void hmmcl_cache_key_add(struct hmmcl_sha256 *key, const void *data, size_t size);
void hmmcl_cache_key_add_str(struct hmmcl_sha256 *key, const char *s);
/* Add the environment (ISA and hmmcl versions, tool identity) and finish. */
void hmmcl_cache_key_end(struct hmmcl_sha256 *key, char hex[65]);

/*
 * The key of a build of @kind from @source with normalised @options and
 * embedded @headers (name and text each).
 */
void hmmcl_cache_source_key(const char *kind, const char *source, const char *options,
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
