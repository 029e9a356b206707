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

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "core/platform.h"
#include "engine/isa.h"

/* A cache key being hashed; @ok turns false at the first libcrypto failure. */
struct cache_key {
    EVP_MD_CTX *md;
    bool ok;
};

/* Each input is length-prefixed so that inputs cannot run together. */
static void key_add(struct cache_key *key, const void *data, size_t size)
{
    uint64_t n = size;

    key->ok = key->ok && EVP_DigestUpdate(key->md, &n, sizeof(n)) &&
              EVP_DigestUpdate(key->md, data, size);
}

static void key_add_str(struct cache_key *key, const char *s)
{
    key_add(key, s ? s : "", s ? strlen(s) : 0);
}

static void key_begin(struct cache_key *key, const char *kind)
{
    key->md = EVP_MD_CTX_new();
    key->ok = key->md && EVP_DigestInit_ex(key->md, EVP_sha256(), NULL);
    key_add_str(key, "hmmcl program cache 2");
    key_add_str(key, kind);
}

static void to_hex(const unsigned char digest[SHA256_DIGEST_LENGTH], char hex[65])
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

/* Adds the environment (ISA and hmmcl versions, tool identity) and finishes. */
static bool key_end(struct cache_key *key, char hex[65])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    char env[64];

    snprintf(env, sizeof(env), "isa %u.%u hmmcl %s", HMM_ISA_VERSION_MAJOR, HMM_ISA_VERSION_MINOR,
             HMMCL_VERSION_STRING);
    key_add_str(key, env);
    key_add_str(key, hmmcl_fe_tool_identity());
    key->ok = key->ok && EVP_DigestFinal_ex(key->md, digest, &size) && size == SHA256_DIGEST_LENGTH;
    EVP_MD_CTX_free(key->md);
    if (key->ok)
        to_hex(digest, hex);
    return key->ok;
}

bool hmmcl_cache_source_key(const char *kind, const char *source, const char *options,
                            const struct hmmcl_fe_header *headers, size_t num_headers, char hex[65])
{
    struct cache_key key;

    key_begin(&key, kind);
    key_add_str(&key, source);
    key_add_str(&key, options);
    for (size_t i = 0; i < num_headers; i++) {
        key_add_str(&key, headers[i].name);
        key_add_str(&key, headers[i].source);
    }
    return key_end(&key, hex);
}

/* The SHA-256 an entry starts with: of the rest of it. */
static bool entry_digest(const void *data, size_t size, unsigned char digest[SHA256_DIGEST_LENGTH])
{
    unsigned int n = 0;

    return EVP_Digest(data, size, digest, &n, EVP_sha256(), NULL) && n == SHA256_DIGEST_LENGTH;
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
    unsigned char digest[SHA256_DIGEST_LENGTH];
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
    if (fstat(fd, &st) || st.st_size <= SHA256_DIGEST_LENGTH ||
        !(buf = malloc((size_t)st.st_size))) {
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
    if (!entry_digest(buf + SHA256_DIGEST_LENGTH, got - SHA256_DIGEST_LENGTH, digest) ||
        memcmp(digest, buf, SHA256_DIGEST_LENGTH))
        goto corrupt;
    memmove(buf, buf + SHA256_DIGEST_LENGTH, got - SHA256_DIGEST_LENGTH);
    out->data = buf;
    out->size = got - SHA256_DIGEST_LENGTH;
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
    unsigned char digest[SHA256_DIGEST_LENGTH];
    const unsigned char *p;
    size_t left;
    int fd, ok = 1;

    if (!cache_dir(dir, sizeof(dir)) || make_dirs(dir) || !entry_path(hex, path, sizeof(path)) ||
        !entry_digest(data, size, digest))
        return;
    snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0)
        return;
    ok = write(fd, digest, SHA256_DIGEST_LENGTH) == SHA256_DIGEST_LENGTH;
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
