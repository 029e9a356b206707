/* SPDX-License-Identifier: MIT */
/*
 * The unit tests' assertions: each failed check prints where and what, and
 * counts; a test's main() returns check_exit() so ctest sees the verdict.
 */
#ifndef HMMCL_TESTS_CHECK_H
#define HMMCL_TESTS_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, __func__, #cond); \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(got, want)                                                                        \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "%s:%d: %s = %lld, expected %lld\n", __FILE__, __LINE__, #got, g_,     \
                    w_);                                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#endif
