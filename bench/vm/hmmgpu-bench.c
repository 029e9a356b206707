// SPDX-License-Identifier: MIT
/*
 * hmmgpu-bench: hmmgpu.ko against the kernel's test_hmm.ko, run inside the
 * test VM (bench/vm/vm-bench). For each size it measures, on fresh anonymous
 * mappings, the first device read (device faults) of untouched and of
 * CPU-touched memory, and migration to device memory and back, through both
 * drivers; then memcpy of the same size. It prints the medians, the median
 * and interquartile range of the ratio hmmgpu / test_hmm, and the medians of
 * migration / memcpy; ratios are taken within each repetition (paired), so
 * that load on the host between repetitions cancels out.
 *
 *   hmmgpu-bench [--reps N] [--tsc-hz HZ] [SIZE_KIB...]
 *       default: 64, 1024 and 16384 KiB, 5 reps; sizes under 1 MiB get
 *       reps * 1 MiB / size reps, at most 64
 *   hmmgpu-bench --calibrate        prints the TSC frequency in Hz
 *
 * Time is read from the TSC. The test kernel has no usable clocksource under
 * TCG (no HPET or PM timer to calibrate the TSC against, so it runs on
 * jiffies: 4 ms steps, and they lag), while qemu's TCG passes the host's TSC
 * through to the guest's RDTSC. vm-bench therefore runs --calibrate on the
 * host and gives the result to the guest run with --tsc-hz; without it the
 * bench calibrates against the guest's own clock over one second.
 *
 * Any failed ioctl, short migration or wrong data ends it with exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include <hmmgpu_drm.h>
#include <test_hmm_uapi.h>

#define PAGE      4096ul
#define MAX_REPS  64
#define MAX_SIZES 16

/* The measurements, in the order of the table. */
enum metric {
    FAULT_UNTOUCHED, /* pages/s */
    FAULT_TOUCHED,   /* pages/s */
    MIGRATE_TO_DEV,  /* bytes/s */
    MIGRATE_TO_RAM,  /* bytes/s */
    NMETRICS,
};

static const char *const metric_names[NMETRICS] = {
    "fault, untouched (Kpages/s)",
    "fault, touched (Kpages/s)",
    "migrate to device (GB/s)",
    "migrate to RAM (GB/s)",
};

enum driver { HMMGPU, TEST_HMM, NDRIVERS };

static const char *const driver_names[NDRIVERS] = {"hmmgpu", "test_hmm"};

static int fds[NDRIVERS];

static void die(const char *what)
{
    fprintf(stderr, "hmmgpu-bench: %s: %s\n", what, strerror(errno));
    exit(1);
}

static double tsc_hz;

static double clock_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* TSC ticks per second of CLOCK_MONOTONIC, measured over @seconds. */
static double calibrate(double seconds)
{
    double t0 = clock_now(), t1;
    unsigned long long c0 = __rdtsc(), c1;

    do {
        t1 = clock_now();
    } while (t1 - t0 < seconds);
    c1 = __rdtsc();
    return (double)(c1 - c0) / (t1 - t0);
}

static double now(void)
{
    return (double)__rdtsc() / tsc_hz;
}

/* The first render node whose driver is hmmgpu. */
static int open_hmmgpu(void)
{
    for (int minor = 128; minor < 192; minor++) {
        char path[64], name[16] = {0};
        struct drm_version v = {.name = name, .name_len = sizeof(name) - 1};
        int fd;

        snprintf(path, sizeof(path), "/dev/dri/renderD%d", minor);
        fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 && strcmp(name, "hmmgpu") == 0)
            return fd;
        close(fd);
    }
    errno = ENODEV;
    die("no hmmgpu render node (is hmmgpu.ko loaded?)");
    return -1;
}

/*
 * A fresh private anonymous mapping in 4 KiB pages: THP is `always` in the
 * test kernel, and a huge page would turn a size's page faults into one PMD
 * fault for one driver run and not the next.
 */
static unsigned char *map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        die("mmap");
    if (madvise(p, size, MADV_NOHUGEPAGE))
        die("madvise(MADV_NOHUGEPAGE)");
    return p;
}

static void fill(unsigned char *p, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i += sizeof(uint32_t)) {
        uint32_t v = (uint32_t)(i / sizeof(uint32_t)) * 2654435761u + seed;

        memcpy(p + i, &v, sizeof(v));
    }
}

static void check(const unsigned char *p, size_t size, unsigned seed, const char *what)
{
    for (size_t i = 0; i < size; i += sizeof(uint32_t)) {
        uint32_t v = (uint32_t)(i / sizeof(uint32_t)) * 2654435761u + seed, got;

        memcpy(&got, p + i, sizeof(got));
        if (got != v) {
            fprintf(stderr, "hmmgpu-bench: %s: wrong data at byte %zu\n", what, i);
            exit(1);
        }
    }
}

/* The device reads [p, p + size) into buf; returns the seconds it took. */
static double device_read(enum driver d, void *p, void *buf, size_t size)
{
    double t0, t1;
    int ret;

    if (d == HMMGPU) {
        struct drm_hmmgpu_access a = {.addr = (uintptr_t)p, .ptr = (uintptr_t)buf, .size = size};

        t0 = now();
        ret = ioctl(fds[d], DRM_IOCTL_HMMGPU_READ, &a);
        t1 = now();
        if (ret)
            die("DRM_IOCTL_HMMGPU_READ");
    } else {
        struct hmm_dmirror_cmd c = {
            .addr = (uintptr_t)p, .ptr = (uintptr_t)buf, .npages = size / PAGE};

        t0 = now();
        ret = ioctl(fds[d], HMM_DMIRROR_READ, &c);
        t1 = now();
        if (ret)
            die("HMM_DMIRROR_READ");
        if (c.cpages != size / PAGE) {
            fprintf(stderr, "hmmgpu-bench: HMM_DMIRROR_READ copied %llu of %zu pages\n",
                    (unsigned long long)c.cpages, size / PAGE);
            exit(1);
        }
    }
    return t1 - t0;
}

/*
 * Migrates [p, p + size) to device memory or back and requires every page
 * to move; buf receives test_hmm's read-back of the migrated range (its
 * MIGRATE_TO_DEV always copies the range out through the device afterwards).
 */
static double migrate(enum driver d, void *p, void *buf, size_t size, int to_dev)
{
    unsigned long long moved;
    double t0, t1;
    int ret;

    if (d == HMMGPU) {
        struct drm_hmmgpu_migrate m = {
            .addr = (uintptr_t)p,
            .size = size,
            .flags = to_dev ? HMMGPU_MIGRATE_TO_VRAM : HMMGPU_MIGRATE_TO_RAM,
        };

        t0 = now();
        ret = ioctl(fds[d], DRM_IOCTL_HMMGPU_MIGRATE, &m);
        t1 = now();
        if (ret)
            die(to_dev ? "DRM_IOCTL_HMMGPU_MIGRATE to VRAM" : "DRM_IOCTL_HMMGPU_MIGRATE to RAM");
        moved = m.migrated;
    } else {
        struct hmm_dmirror_cmd c = {
            .addr = (uintptr_t)p, .ptr = (uintptr_t)buf, .npages = size / PAGE};

        t0 = now();
        ret = ioctl(fds[d], to_dev ? HMM_DMIRROR_MIGRATE_TO_DEV : HMM_DMIRROR_MIGRATE_TO_SYS, &c);
        t1 = now();
        if (ret)
            die(to_dev ? "HMM_DMIRROR_MIGRATE_TO_DEV" : "HMM_DMIRROR_MIGRATE_TO_SYS");
        moved = c.cpages;
    }
    if (moved != size / PAGE) {
        fprintf(stderr, "hmmgpu-bench: %s migration to %s moved %llu of %zu pages\n",
                driver_names[d], to_dev ? "device" : "RAM", moved, size / PAGE);
        exit(1);
    }
    return t1 - t0;
}

/* One repetition of every measurement of one driver at one size. */
static void run_driver(enum driver d, size_t size, unsigned seed, double out[NMETRICS])
{
    unsigned char *buf = map(size), *p;
    double pages = (double)(size / PAGE);

    p = map(size);
    out[FAULT_UNTOUCHED] = pages / device_read(d, p, buf, size);
    for (size_t i = 0; i < size; i++) {
        if (buf[i]) {
            fprintf(stderr, "hmmgpu-bench: %s read nonzero from untouched memory\n",
                    driver_names[d]);
            exit(1);
        }
    }
    munmap(p, size);

    p = map(size);
    fill(p, size, seed);
    out[FAULT_TOUCHED] = pages / device_read(d, p, buf, size);
    check(buf, size, seed, "device read of touched memory");
    munmap(p, size);

    p = map(size);
    fill(p, size, seed + 1);
    out[MIGRATE_TO_DEV] = (double)size / migrate(d, p, buf, size, 1);
    out[MIGRATE_TO_RAM] = (double)size / migrate(d, p, buf, size, 0);
    /* Back in system memory: the CPU reads it without another fault-back. */
    check(p, size, seed + 1, "data after migration to device and back");
    munmap(p, size);
    munmap(buf, size);
}

static double memcpy_rate(size_t size, unsigned seed)
{
    unsigned char *src = map(size), *dst = map(size);
    double t0, t1;

    fill(src, size, seed);
    memset(dst, 0, size);
    t0 = now();
    memcpy(dst, src, size);
    t1 = now();
    check(dst, size, seed, "memcpy");
    munmap(src, size);
    munmap(dst, size);
    return (double)size / (t1 - t0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The value at fraction @q (0-1) of the sorted samples, nearest rank. */
static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return v[(int)(q * (n - 1) + 0.5)];
}

/*
 * Repetitions at @size: at least @reps, more for sizes under 1 MiB (up to
 * MAX_REPS), whose single calls take a few milliseconds under TCG and are
 * easily disturbed by other work on the host.
 */
static int reps_for(size_t size, int reps)
{
    size_t more = (size_t)reps * ((1ul << 20) / size);

    return more > (size_t)reps ? (int)(more < MAX_REPS ? more : MAX_REPS) : reps;
}

static void print_size(size_t size)
{
    if (size >= (1ul << 20) && size % (1ul << 20) == 0)
        printf("%zu MiB", size >> 20);
    else
        printf("%zu KiB", size >> 10);
}

static double scaled(enum metric m, double v)
{
    return m == FAULT_UNTOUCHED || m == FAULT_TOUCHED ? v / 1e3 : v / 1e9;
}

int main(int argc, char **argv)
{
    size_t sizes[MAX_SIZES];
    int nsizes = 0, reps = 5;
    struct utsname u;
    double own_hz;

    for (int i = 1; i < argc; i++) {
        char *end;
        unsigned long v;

        if (strcmp(argv[i], "--calibrate") == 0) {
            printf("%.0f\n", calibrate(0.5));
            return 0;
        }
        if (strcmp(argv[i], "--tsc-hz") == 0 && i + 1 < argc) {
            tsc_hz = strtod(argv[++i], &end);
            if (*end || !(tsc_hz >= 1e6)) {
                fprintf(stderr, "hmmgpu-bench: --tsc-hz wants a frequency in Hz\n");
                return 2;
            }
            continue;
        }

        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            v = strtoul(argv[++i], &end, 10);
            if (*end || v < 1 || v > MAX_REPS) {
                fprintf(stderr, "hmmgpu-bench: --reps wants 1-%d\n", MAX_REPS);
                return 2;
            }
            reps = (int)v;
            continue;
        }
        v = strtoul(argv[i], &end, 10);
        if (*end || v == 0 || v % 4 || nsizes == MAX_SIZES) {
            fprintf(stderr,
                    "usage: hmmgpu-bench [--reps N] [--tsc-hz HZ] [SIZE_KIB...] "
                    "(multiples of 4, at most %d) | --calibrate\n",
                    MAX_SIZES);
            return 2;
        }
        sizes[nsizes++] = v << 10;
    }
    if (!nsizes) {
        sizes[nsizes++] = 64ul << 10;
        sizes[nsizes++] = 1ul << 20;
        sizes[nsizes++] = 16ul << 20;
    }

    fds[HMMGPU] = open_hmmgpu();
    fds[TEST_HMM] = open("/dev/hmm_dmirror0", O_RDWR | O_CLOEXEC);
    if (fds[TEST_HMM] < 0)
        die("/dev/hmm_dmirror0 (is test_hmm.ko loaded?)");

    /* The guest's own view, printed as a plausibility check of --tsc-hz. */
    own_hz = calibrate(1.0);
    if (uname(&u) == 0)
        printf("kernel %s %s; %d repetitions (more under 1 MiB); ", u.release, u.machine, reps);
    printf("TSC %.1f MHz%s (%.1f MHz against this kernel's clock)\n\n",
           (tsc_hz ? tsc_hz : own_hz) / 1e6, tsc_hz ? " given" : "", own_hz / 1e6);
    if (!tsc_hz)
        tsc_hz = own_hz;
    printf("| size | reps | measurement | hmmgpu | test_hmm | hmmgpu / test_hmm (IQR) "
           "| hmmgpu / memcpy | test_hmm / memcpy |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (int s = 0; s < nsizes; s++) {
        double v[NDRIVERS][NMETRICS][MAX_REPS], mc[MAX_REPS];
        double ratio[NMETRICS][MAX_REPS], per_memcpy[NDRIVERS][NMETRICS][MAX_REPS];
        size_t size = sizes[s];
        int n = reps_for(size, reps);

        for (int r = 0; r < n; r++) {
            /* Alternate which driver goes first, so neither always
             * runs right after the other's munmaps. */
            for (int k = 0; k < NDRIVERS; k++) {
                enum driver d = (enum driver)((k + r) % NDRIVERS);
                double one[NMETRICS];

                run_driver(d, size, (unsigned)(s * MAX_REPS + r), one);
                for (int m = 0; m < NMETRICS; m++)
                    v[d][m][r] = one[m];
            }
            mc[r] = memcpy_rate(size, (unsigned)r);
            /* Ratios within one repetition: both sides ran within a few
             * seconds of each other, under the same load on the host. */
            for (int m = 0; m < NMETRICS; m++) {
                ratio[m][r] = v[HMMGPU][m][r] / v[TEST_HMM][m][r];
                for (int d = 0; d < NDRIVERS; d++)
                    per_memcpy[d][m][r] = v[d][m][r] / mc[r];
            }
        }

        for (int m = 0; m < NMETRICS; m++) {
            int mig = m == MIGRATE_TO_DEV || m == MIGRATE_TO_RAM;

            printf("| ");
            print_size(size);
            printf(" | %d | %s | %.4g | %.4g | %.2f (%.2f-%.2f) |", n, metric_names[m],
                   scaled((enum metric)m, quantile(v[HMMGPU][m], n, 0.5)),
                   scaled((enum metric)m, quantile(v[TEST_HMM][m], n, 0.5)),
                   quantile(ratio[m], n, 0.5), quantile(ratio[m], n, 0.25),
                   quantile(ratio[m], n, 0.75));
            if (mig)
                printf(" %.3f | %.3f |\n", quantile(per_memcpy[HMMGPU][m], n, 0.5),
                       quantile(per_memcpy[TEST_HMM][m], n, 0.5));
            else
                printf(" | |\n");
        }
        printf("| ");
        print_size(size);
        printf(" | %d | memcpy (GB/s) | %.4g | | | | |\n", n, quantile(mc, n, 0.5) / 1e9);
        fflush(stdout);
    }
    return 0;
}
