/* SPDX-License-Identifier: MIT */
/*
 * atomic_counter: host threads and device work-items increment ONE counter
 * in malloc'd memory at the same time.
 *
 * The host threads use C11 atomics; the kernel uses
 * atomic_fetch_add_explicit(..., memory_scope_all_svm_devices) on the same
 * address (fine-grained system SVM with CL_DEVICE_SVM_ATOMICS). To make the
 * two sides really overlap, the first work-item raises a "device started"
 * flag and then waits for the host's "host started" flag; the host threads
 * start incrementing once they see the device's. Both waits are bounded, so
 * a device that never starts makes the example fail, not hang. The total
 * must be exact.
 *
 *     atomic_counter [--platform NAME] [--device-type TYPE] [--threads T] [--items N]
 *                    [--per-item K]
 *
 * Exits non-zero on error or a wrong total.
 */
#include "example.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#define WAIT_LIMIT_S 30 /* how long either side waits for the other */

static const char counter_src[] =
    "kernel void count(global atomic_uint *counter, global atomic_int *device_started,\n"
    "                  global atomic_int *host_started, uint per_item, ulong spin_limit)\n"
    "{\n"
    "    if (get_global_id(0) == 0) {\n"
    "        atomic_store_explicit(device_started, 1, memory_order_release,\n"
    "                              memory_scope_all_svm_devices);\n"
    "        for (ulong i = 0; i < spin_limit && !atomic_load_explicit(host_started,\n"
    "                 memory_order_acquire, memory_scope_all_svm_devices); i++)\n"
    "            ;\n"
    "    }\n"
    "    for (uint i = 0; i < per_item; i++)\n"
    "        atomic_fetch_add_explicit(counter, 1u, memory_order_relaxed,\n"
    "                                  memory_scope_all_svm_devices);\n"
    "}\n";

struct shared {
    atomic_uint counter;
    atomic_int device_started;
    atomic_int host_started;
};

struct host_thread {
    pthread_t thread;
    struct shared *s;
    unsigned increments;
    int timed_out;
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *host_increment(void *arg)
{
    struct host_thread *h = arg;
    double deadline = now() + WAIT_LIMIT_S;

    while (!atomic_load_explicit(&h->s->device_started, memory_order_acquire)) {
        if (now() > deadline) {
            h->timed_out = 1;
            break;
        }
        sched_yield(); /* leave the CPUs to the device's threads */
    }
    atomic_store_explicit(&h->s->host_started, 1, memory_order_release);
    for (unsigned i = 0; i < h->increments; i++)
        atomic_fetch_add_explicit(&h->s->counter, 1, memory_order_relaxed);
    return NULL;
}

int main(int argc, char **argv)
{
    struct example ex;
    cl_kernel kernel = NULL;
    struct shared *s = NULL;
    struct host_thread *threads = NULL;
    unsigned nthreads = 4, per_item = 100, started = 0;
    size_t items = 4096;
    /* Bounded spin for the device side: about WAIT_LIMIT_S on any device. */
    cl_ulong spin_limit = 4000000000ull;
    int status = 1;
    cl_int err;

    if (example_open(&ex, "atomic_counter", &argc, argv, 0))
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            nthreads = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--items") && i + 1 < argc) {
            items = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--per-item") && i + 1 < argc) {
            per_item = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: atomic_counter [--platform NAME] [--device-type TYPE] "
                            "[--threads T] [--items N] [--per-item K]\n");
            return 2;
        }
    }
    if (nthreads < 1 || nthreads > 64 || items < 1 || items > (1u << 24) || per_item > 100000) {
        fprintf(stderr, "atomic_counter: --threads 1..64, --items 1..2^24, --per-item ..100000\n");
        return 2;
    }
    if (!example_has_svm(&ex, CL_DEVICE_SVM_FINE_GRAIN_SYSTEM | CL_DEVICE_SVM_ATOMICS)) {
        fprintf(stderr, "atomic_counter: the device does not report "
                        "CL_DEVICE_SVM_FINE_GRAIN_SYSTEM and CL_DEVICE_SVM_ATOMICS\n");
        goto out;
    }
    kernel = example_kernel(&ex, counter_src, "-cl-std=CL3.0", "count");
    if (!kernel)
        goto out;

    s = malloc(sizeof(*s));
    threads = calloc(nthreads, sizeof(*threads));
    if (!s || !threads) {
        fprintf(stderr, "atomic_counter: out of memory\n");
        goto out;
    }
    atomic_init(&s->counter, 0);
    atomic_init(&s->device_started, 0);
    atomic_init(&s->host_started, 0);
    /* Host threads do as much work as the device, split between them. */
    unsigned long long device_total = (unsigned long long)items * per_item;
    unsigned per_thread = (unsigned)(device_total / nthreads) + 1;

    err = clSetKernelArgSVMPointer(kernel, 0, &s->counter);
    if (!err)
        err = clSetKernelArgSVMPointer(kernel, 1, &s->device_started);
    if (!err)
        err = clSetKernelArgSVMPointer(kernel, 2, &s->host_started);
    if (!err)
        err = clSetKernelArg(kernel, 3, sizeof(per_item), &per_item);
    if (!err)
        err = clSetKernelArg(kernel, 4, sizeof(spin_limit), &spin_limit);
    if (EXAMPLE_FAILED(&ex, err, "clSetKernelArg"))
        goto out;

    for (started = 0; started < nthreads; started++) {
        threads[started].s = s;
        threads[started].increments = per_thread;
        if (pthread_create(&threads[started].thread, NULL, host_increment, &threads[started])) {
            fprintf(stderr, "atomic_counter: pthread_create failed\n");
            break;
        }
    }
    /* The kernel runs while the host threads wait for it, then increment with it. */
    err = clEnqueueNDRangeKernel(ex.queue, kernel, 1, NULL, &items, NULL, 0, NULL, NULL);
    if (!err)
        err = clFlush(ex.queue);
    if (err)
        atomic_store(&s->device_started, 1); /* release the host threads */
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i].thread, NULL);
    if (EXAMPLE_FAILED(&ex, err, "clEnqueueNDRangeKernel") ||
        EXAMPLE_FAILED(&ex, clFinish(ex.queue), "clFinish") || started < nthreads)
        goto out;
    for (unsigned i = 0; i < nthreads; i++) {
        if (threads[i].timed_out) {
            fprintf(stderr, "atomic_counter: the device did not start within %d s\n", WAIT_LIMIT_S);
            goto out;
        }
    }

    unsigned long long want = device_total + (unsigned long long)per_thread * nthreads;
    unsigned long long got = atomic_load(&s->counter);
    char *name = example_string(NULL, ex.device, CL_DEVICE_NAME);
    printf("device: %s\n", name ? name : "?");
    printf("counter: %llu (device %zu work-items x %u, host %u threads x %u)\n", got, items,
           per_item, nthreads, per_thread);
    if (got != want) {
        fprintf(stderr, "atomic_counter: expected %llu\n", want);
        free(name);
        goto out;
    }
    printf("atomic_counter: OK on %s\n", name ? name : "?");
    free(name);
    status = 0;
out:
    free(threads);
    free(s);
    if (kernel)
        clReleaseKernel(kernel);
    example_close(&ex);
    return status;
}
