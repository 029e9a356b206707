/* SPDX-License-Identifier: MIT */
/*
 * What the engine needs from its host, and nothing more: fixed-width types,
 * allocation, memory primitives and formatting. Userspace (libhmmcl.so)
 * maps these to libc; the kernel module to kvzalloc and friends.
 */
#ifndef HMM_PLATFORM_H
#define HMM_PLATFORM_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/limits.h>
/* The C names of the fixed-width limits, which the kernel spells U64_MAX... */
#ifndef UINT64_MAX
#define UINT64_MAX U64_MAX
#define INT64_MAX  S64_MAX
#define INT64_MIN  S64_MIN
#define UINT32_MAX U32_MAX
#define INT32_MAX  S32_MAX
#define INT32_MIN  S32_MIN
#define UINT16_MAX U16_MAX
#define INT16_MAX  S16_MAX
#define INT16_MIN  S16_MIN
#define UINT8_MAX  U8_MAX
#define INT8_MAX   S8_MAX
#define INT8_MIN   S8_MIN
#endif
#define hmm_fallthrough  fallthrough
#define hmm_zalloc(size) kvzalloc((size), GFP_KERNEL)
#define hmm_free(ptr)    kvfree(ptr)
#define hmm_vsnprintf    vsnprintf
#define HMM_EINVAL       EINVAL
#define HMM_ENOMEM       ENOMEM
#else
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define hmm_fallthrough  __attribute__((fallthrough))
#define hmm_zalloc(size) calloc(1, (size))
#define hmm_free(ptr)    free(ptr)
#define hmm_vsnprintf    vsnprintf
#define HMM_EINVAL       EINVAL
#define HMM_ENOMEM       ENOMEM
#endif

#endif
