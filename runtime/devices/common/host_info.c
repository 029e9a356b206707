/* SPDX-License-Identifier: MIT */
/* Host facts for the device queries (see host_info.h). */
#include "devices/common/host_info.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool hmmcl_host_cpuinfo_field(const char *key, char *out, size_t out_size)
{
    FILE *f = fopen("/proc/cpuinfo", "re");
    char line[512];
    size_t key_len = strlen(key);
    bool found = false;

    if (!f)
        return false;
    while (!found && fgets(line, sizeof(line), f)) {
        char *p = line + key_len;
        size_t len;

        if (strncmp(line, key, key_len) || (*p != ' ' && *p != '\t' && *p != ':'))
            continue;
        p = strchr(p, ':');
        if (!p)
            continue;
        for (p++; isspace((unsigned char)*p);)
            p++;
        len = strlen(p);
        while (len && isspace((unsigned char)p[len - 1]))
            p[--len] = '\0';
        if (!len)
            continue;
        snprintf(out, out_size, "%s", p);
        found = true;
    }
    fclose(f);
    return found;
}

unsigned long long hmmcl_host_read_ull(const char *path)
{
    FILE *f = fopen(path, "re");
    unsigned long long v = 0;
    char suffix = 0;

    if (!f)
        return 0;
    if (fscanf(f, "%llu%c", &v, &suffix) < 1)
        v = 0;
    else if (suffix == 'K')
        v *= 1024;
    else if (suffix == 'M')
        v *= 1024 * 1024;
    fclose(f);
    return v;
}

cl_uint hmmcl_host_clock_mhz(void)
{
    char mhz[32];
    unsigned long long khz =
        hmmcl_host_read_ull("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");

    if (khz)
        return (cl_uint)(khz / 1000);
    if (hmmcl_host_cpuinfo_field("cpu MHz", mhz, sizeof(mhz)))
        return (cl_uint)(strtod(mhz, NULL) + 0.5);
    return 0;
}

void hmmcl_host_cache(cl_ulong *size, cl_uint *line)
{
    static const int size_names[] = {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE,
                                     _SC_LEVEL1_DCACHE_SIZE};
    static const int line_names[] = {_SC_LEVEL3_CACHE_LINESIZE, _SC_LEVEL2_CACHE_LINESIZE,
                                     _SC_LEVEL1_DCACHE_LINESIZE};

    *size = 0;
    *line = 0;
    for (size_t i = 0; i < sizeof(size_names) / sizeof(size_names[0]) && !*size; i++) {
        long s = sysconf(size_names[i]);
        long l = sysconf(line_names[i]);

        if (s > 0) {
            *size = (cl_ulong)s;
            *line = l > 0 ? (cl_uint)l : 0;
        }
    }
    /* Not every architecture's sysconf knows: the highest sysfs cache index. */
    for (int i = 7; i >= 0 && !*size; i--) {
        char path[96];

        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        *size = hmmcl_host_read_ull(path);
        snprintf(path, sizeof(path),
                 "/sys/devices/system/cpu/cpu0/cache/index%d/coherency_line_size", i);
        *line = (cl_uint)hmmcl_host_read_ull(path);
    }
    if (*size && !*line)
        *line = 64;
}

cl_uint hmmcl_host_cpus(void)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    return ncpu > 0 ? (cl_uint)ncpu : 1;
}

cl_ulong hmmcl_host_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);

    return pages > 0 && page_size > 0 ? (cl_ulong)pages * (cl_ulong)page_size : 0;
}
