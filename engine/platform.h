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
#define hmm_zalloc(size) calloc(1, (size))
#define hmm_free(ptr)    free(ptr)
#define hmm_vsnprintf    vsnprintf
#define HMM_EINVAL       EINVAL
#define HMM_ENOMEM       ENOMEM
#endif

#endif
