/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4), for program cache keys. */
#ifndef HMMCL_COMPILER_SHA256_H
#define HMMCL_COMPILER_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct hmmcl_sha256 {
    uint32_t h[8];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;
};

void hmmcl_sha256_init(struct hmmcl_sha256 *s);
void hmmcl_sha256_update(struct hmmcl_sha256 *s, const void *data, size_t size);
void hmmcl_sha256_final(struct hmmcl_sha256 *s, unsigned char digest[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void hmmcl_sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
