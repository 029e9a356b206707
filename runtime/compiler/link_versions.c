/* SPDX-License-Identifier: MIT */
/*
 * OpenCL C versions of a linked module (frontend.h,
 * hmmcl_fe_unify_versions): llvm-link keeps one !opencl.ocl.version (and
 * !opencl.spir.version) operand per input module, and llvm-spirv-15 aborts
 * with "OCL version mismatch" unless they agree, which they do not when an
 * object compiled with -cl-std=CL1.2 (or a program from SPIR-V 1.0) links
 * with one compiled for CL3.0. The linked program keeps the highest one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"

/* "A.B" of the metadata node "!<ref> = !{i32 A, i32 B}" in @text as A * 1000 + B; -1 if none. */
static long node_version(const char *text, unsigned long ref)
{
    char key[32];
    int n = snprintf(key, sizeof(key), "\n!%lu = !{i32 ", ref);
    const char *p = strstr(text, key);
    unsigned long a, b;

    if (!p || sscanf(p + n, "%lu, i32 %lu}", &a, &b) != 2)
        return -1;
    return (long)(a * 1000 + b);
}

/* @text with the operands of named metadata @name reduced to the highest version; NULL if as is. */
static char *unify(const char *text, const char *name)
{
    char key[64];
    snprintf(key, sizeof(key), "\n%s = !{", name);
    const char *list = strstr(text, key);
    if (!list)
        return NULL;
    list += strlen(key);
    const char *end = strchr(list, '}');
    if (!end)
        return NULL;
    unsigned long best = 0, count = 0;
    long best_version = -1;
    for (const char *p = list; p < end;) {
        char *next;
        if (*p != '!')
            break;
        unsigned long ref = strtoul(p + 1, &next, 10);
        long v = node_version(text, ref);
        if (v > best_version) {
            best_version = v;
            best = ref;
        }
        count++;
        p = next;
        while (p < end && (*p == ',' || *p == ' '))
            p++;
    }
    if (count < 2 || best_version < 0)
        return NULL;
    char ref[32];
    int rn = snprintf(ref, sizeof(ref), "!%lu", best);
    size_t head = (size_t)(list - text), tail = strlen(end);
    char *out = malloc(head + (size_t)rn + tail + 1);
    if (!out)
        return NULL;
    memcpy(out, text, head);
    memcpy(out + head, ref, (size_t)rn);
    memcpy(out + head + rn, end, tail + 1);
    return out;
}

char *hmmcl_fe_unify_versions(const char *text)
{
    static const char *const names[] = {"!opencl.ocl.version", "!opencl.spir.version"};
    char *cur = NULL;

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *next = unify(cur ? cur : text, names[i]);
        if (next) {
            free(cur);
            cur = next;
        }
    }
    return cur;
}
