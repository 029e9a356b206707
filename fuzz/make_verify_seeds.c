// SPDX-License-Identifier: MIT
/*
 * The seed corpus of fuzz_verify, written at build time into OUTDIR:
 * program images made with the engine's builder (the hmmgpu selftests'
 * kernels, kernel-driver/tests/hmmgpu-kernels.c: one image per kernel and
 * one with all of them) and the images the compiler lowers from each
 * SPIR-V module of fuzz_il's corpus (SPIRDIR) that builds without the
 * LLVM relink.
 *
 *   make_verify_seeds OUTDIR SPIRDIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"
#include "hmmgpu-kernels.h"

static int write_file(const char *dir, const char *name, const void *data, size_t size)
{
    char path[4096];
    FILE *f;
    int ok;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    ok = fwrite(data, 1, size, f) == size;
    ok &= fclose(f) == 0;
    if (!ok)
        fprintf(stderr, "make_verify_seeds: cannot write %s\n", path);
    return ok ? 0 : -1;
}

static int read_file(const char *path, struct hmmcl_blob *out)
{
    FILE *f = fopen(path, "rb");
    long n;

    if (!f)
        return -1;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
        !(out->data = malloc(n ? (size_t)n : 1)) ||
        fread(out->data, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    out->size = (size_t)n;
    fclose(f);
    return 0;
}

static int builder_seeds(const char *outdir)
{
    for (int id = 0; id <= HK_COUNT; id++) {
        struct hk_program p;
        char name[64];
        unsigned mask = id < HK_COUNT ? 1u << id : HK_ALL;

        if (hk_build(&p, mask))
            return -1;
        snprintf(name, sizeof(name), "hk-%s.img", id < HK_COUNT ? hk_name(id) : "all");
        if (write_file(outdir, name, p.image, p.size)) {
            hk_free(&p);
            return -1;
        }
        hk_free(&p);
    }
    return 0;
}

/* One image per SPIR-V module the lowering takes in process; returns how many. */
static int lowered_seeds(const char *outdir, const char *spirdir)
{
    DIR *d = opendir(spirdir);
    struct dirent *e;
    int n = 0;

    if (!d) {
        perror(spirdir);
        return -1;
    }
    while ((e = readdir(d))) {
        struct hmmcl_blob spirv = {0}, image = {0};
        struct hmmcl_text log = {0};
        char path[4096], name[300];

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", spirdir, e->d_name);
        if (read_file(path, &spirv))
            continue;
        if (!hmmcl_fe_lower(spirv.data, spirv.size, NULL, 0, &image, &log)) {
            snprintf(name, sizeof(name), "lowered-%.250s.img", e->d_name);
            if (!write_file(outdir, name, image.data, image.size))
                n++;
        }
        hmmcl_blob_free(&image);
        hmmcl_blob_free(&spirv);
        hmmcl_text_free(&log);
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    int n;

    if (argc != 3) {
        fprintf(stderr, "usage: make_verify_seeds OUTDIR SPIRDIR\n");
        return 2;
    }
    /* Only what lowers in process: no LLVM child processes at build time. */
    setenv("HMMCL_LLVM_SPIRV", "/nonexistent/make_verify_seeds-no-relink/llvm-spirv", 1);
    if (builder_seeds(argv[1]))
        return 1;
    n = lowered_seeds(argv[1], argv[2]);
    if (n < 0)
        return 1;
    printf("make_verify_seeds: %d builder images, %d lowered images in %s\n", HK_COUNT + 1, n,
           argv[1]);
    return 0;
}
