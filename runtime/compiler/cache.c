/* SPDX-License-Identifier: MIT */
/* The persistent program cache (see cache.h). */

#include "compiler/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform.h"
#include "engine/isa.h"

void hmmcl_cache_key_begin(struct hmmcl_sha256 *key, const char *kind)
{
    hmmcl_sha256_init(key);
    hmmcl_cache_key_add_str(key, "hmmcl program cache 2");
    hmmcl_cache_key_add_str(key, kind);
}

void hmmcl_cache_key_add(struct hmmcl_sha256 *key, const void *data, size_t size)
{
    uint64_t n = size;

    hmmcl_sha256_update(key, &n, sizeof(n));
    hmmcl_sha256_update(key, data, size);
}

void hmmcl_cache_key_add_str(struct hmmcl_sha256 *key, const char *s)
{
    hmmcl_cache_key_add(key, s ? s : "", s ? strlen(s) : 0);
}

void hmmcl_cache_key_end(struct hmmcl_sha256 *key, char hex[65])
{
    unsigned char digest[32];
    char env[64];

    snprintf(env, sizeof(env), "isa %u.%u hmmcl %s", HMM_ISA_VERSION_MAJOR, HMM_ISA_VERSION_MINOR,
             HMMCL_VERSION_STRING);
    hmmcl_cache_key_add_str(key, env);
    hmmcl_cache_key_add_str(key, hmmcl_fe_tool_identity());
    hmmcl_sha256_final(key, digest);
    hmmcl_sha256_hex(digest, hex);
}

void hmmcl_cache_source_key(const char *kind, const char *source, const char *options,
                            const struct hmmcl_fe_header *headers, size_t num_headers, char hex[65])
{
    struct hmmcl_sha256 key;

    hmmcl_cache_key_begin(&key, kind);
    hmmcl_cache_key_add_str(&key, source);
    hmmcl_cache_key_add_str(&key, options);
    for (size_t i = 0; i < num_headers; i++) {
        hmmcl_cache_key_add_str(&key, headers[i].name);
        hmmcl_cache_key_add_str(&key, headers[i].source);
    }
    hmmcl_cache_key_end(&key, hex);
}

/* The cache directory, or false if there is none. */
static bool cache_dir(char *buf, size_t size)
{
    const char *dir = getenv("HMMCL_CACHE_DIR");
    const char *env = getenv("HMMCL_CACHE");

    if (env && !strcmp(env, "0"))
        return false;
    if (dir && *dir)
        return (size_t)snprintf(buf, size, "%s", dir) < size;
    dir = getenv("XDG_CACHE_HOME");
    if (dir && *dir)
        return (size_t)snprintf(buf, size, "%s/hmmcl", dir) < size;
    dir = getenv("HOME");
    if (dir && *dir)
        return (size_t)snprintf(buf, size, "%s/.cache/hmmcl", dir) < size;
    return false;
}

bool hmmcl_cache_enabled(void)
{
    char dir[PATH_MAX];

    return cache_dir(dir, sizeof(dir));
}

static bool entry_path(const char *hex, char *buf, size_t size)
{
    char dir[PATH_MAX];

    if (!cache_dir(dir, sizeof(dir)))
        return false;
    return (size_t)snprintf(buf, size, "%s/%s", dir, hex) < size;
}

int hmmcl_cache_load(const char *hex, struct hmmcl_blob *out)
{
    char path[PATH_MAX];
    unsigned char digest[32];
    struct hmmcl_sha256 s;
    struct stat st;
    unsigned char *buf;
    size_t got = 0;
    int fd;

    out->data = NULL;
    out->size = 0;
    if (!entry_path(hex, path, sizeof(path)))
        return -1;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) || st.st_size <= 32 || !(buf = malloc((size_t)st.st_size))) {
        close(fd);
        return -1;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got != (size_t)st.st_size)
        goto corrupt;
    hmmcl_sha256_init(&s);
    hmmcl_sha256_update(&s, buf + 32, got - 32);
    hmmcl_sha256_final(&s, digest);
    if (memcmp(digest, buf, 32))
        goto corrupt;
    memmove(buf, buf + 32, got - 32);
    out->data = buf;
    out->size = got - 32;
    return 0;

corrupt:
    free(buf);
    return -1;
}

/* mkdir -p for the cache directory. */
static int make_dirs(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(path, 0700) && errno != EEXIST) {
            *s = '/';
            return -1;
        }
        *s = '/';
    }
    return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

void hmmcl_cache_store(const char *hex, const void *data, size_t size)
{
    char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 32];
    unsigned char digest[32];
    struct hmmcl_sha256 s;
    const unsigned char *p;
    size_t left;
    int fd, ok = 1;

    if (!cache_dir(dir, sizeof(dir)) || make_dirs(dir) || !entry_path(hex, path, sizeof(path)))
        return;
    snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0)
        return;
    hmmcl_sha256_init(&s);
    hmmcl_sha256_update(&s, data, size);
    hmmcl_sha256_final(&s, digest);
    ok = write(fd, digest, 32) == 32;
    for (p = data, left = size; ok && left;) {
        ssize_t n = write(fd, p, left);

        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok) {
            p += n;
            left -= (size_t)n;
        }
    }
    if (close(fd))
        ok = 0;
    if (!ok || rename(tmp, path))
        unlink(tmp);
}

void hmmcl_cache_drop(const char *hex)
{
    char path[PATH_MAX];

    if (entry_path(hex, path, sizeof(path)))
        unlink(path);
}
