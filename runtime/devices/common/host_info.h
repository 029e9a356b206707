/* SPDX-License-Identifier: MIT */
/*
 * Facts about the host that devices report: both hmmcl devices execute on
 * the host's processors and reach the host's memory (the CPU device
 * directly, hmmgpu through its kernel driver's compute units), so their
 * clock, caches and global memory are the host's.
 */
#ifndef HMMCL_DEVICES_HOST_INFO_H
#define HMMCL_DEVICES_HOST_INFO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/cl.h"

/* Copy the value of the first "@key : value" line of /proc/cpuinfo; false if none. */
bool hmmcl_host_cpuinfo_field(const char *key, char *out, size_t out_size);

/* The number at the start of the file at @path (a K or M suffix scales it); 0 if none. */
unsigned long long hmmcl_host_read_ull(const char *path);

/* The processors' maximum clock in MHz; 0 if unknown. */
cl_uint hmmcl_host_clock_mhz(void);

/* Size and line size of the last-level data (or unified) cache; 0 if unknown. */
void hmmcl_host_cache(cl_ulong *size, cl_uint *line);

/* Online processors, at least 1. */
cl_uint hmmcl_host_cpus(void);

/* Physical memory in bytes; 0 if unknown. */
cl_ulong hmmcl_host_memory(void);

#endif
