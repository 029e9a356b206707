// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a program image as the CPU device or the hmmgpu ioctl
 * receives it, through hmm_image_parse() and hmm_verify(), and the kernels
 * of an accepted image through the executor (fuzz/run_kernels.h). Beyond
 * what the sanitizers catch, a rejection must come with its one-line reason
 * in the log, as the driver's PROGRAM_CREATE reports it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "fuzz/run_kernels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exactly @size bytes, 8-byte aligned as the parser requires: ASan sees any over-read. */
    void *image = malloc(size ? size : 1);
    struct hmm_program prog;
    char buf[512];
    struct hmm_log log = {buf, sizeof(buf), 0};
    int rc;

    if (!image)
        return 0;
    memcpy(image, data, size);
    buf[0] = '\0';
    rc = hmm_image_parse(image, size, &prog, &log);
    if (!rc)
        rc = hmm_verify(&prog, &log);
    if (rc) {
        if (rc != -HMM_EINVAL || !log.len || strlen(buf) != log.len) {
            fprintf(stderr, "rejected with %d and log \"%s\" (%zu bytes)\n", rc, buf, log.len);
            abort();
        }
    } else {
        hmm_fuzz_run_kernels(&prog);
    }
    free(image);
    return 0;
}
