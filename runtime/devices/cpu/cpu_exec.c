/* SPDX-License-Identifier: MIT */
/*
 * NDRange execution on the CPU device: the thread pool, the hand-out of
 * work-groups and trap reporting.
 * See DOC: CPU device execution in cpu_exec.h and docs/execution.md.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/context.h"
#include "core/device.h"
#include "devices/common/local_size.h"
#include "devices/cpu/cpu_exec.h"
#include "util/log.h"

/* Lane-instructions per hmm_wave_run call; the CPU device never needs to yield. */
#define CPU_WAVE_BUDGET (1ull << 32)

#define CPU_ERROR_MAX 256

/* Device addresses are process pointers: no translation, nothing faults. */
static const struct hmm_mem_ops cpu_mem_ops = {.translate = NULL};

/* One launch in progress; lives on the stack of the worker that runs it. */
struct cpu_launch {
    struct hmm_launch launch;
    const struct hmmcl_ndrange *nd;
    uint64_t num_groups[3];
    uint64_t total;
    _Atomic uint64_t next; /* next group index to hand out */
    atomic_int status;     /* CL_SUCCESS or the first failure */
    char error[CPU_ERROR_MAX];
    unsigned int active;     /* pool threads running its groups; protected by pool.lock */
    struct cpu_launch *link; /* in pool.launches; protected by pool.lock */
    bool listed;
};

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    pthread_cond_t work;         /* a launch was listed, or stopping */
    pthread_cond_t left;         /* a pool thread left a launch */
    struct cpu_launch *launches; /* protected by @lock */
    bool stopping;               /* protected by @lock */
    pthread_t *threads;
    unsigned int num_threads;  /* protected by @lock after pool_start */
    unsigned int exec_threads; /* pool threads + the worker; set once by pool_start */
} pool = {
    .once = PTHREAD_ONCE_INIT,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
    .left = PTHREAD_COND_INITIALIZER,
};

/* Record the first failure and stop handing out groups. */
static void launch_fail(struct cpu_launch *cl, cl_int code, const uint64_t gid[3], const char *why)
{
    int expected = CL_SUCCESS;

    if (atomic_compare_exchange_strong(&cl->status, &expected, code)) {
        if (gid)
            snprintf(cl->error, sizeof(cl->error), "work-group (%llu,%llu,%llu): %s",
                     (unsigned long long)gid[0], (unsigned long long)gid[1],
                     (unsigned long long)gid[2], why);
        else
            snprintf(cl->error, sizeof(cl->error), "%s", why);
    }
    atomic_store(&cl->next, cl->total);
}

/* Claim and run work-groups of @cl until none is left. */
static void run_groups(struct cpu_launch *cl)
{
    struct hmm_wave *wave = NULL;

    for (;;) {
        uint64_t g = atomic_fetch_add_explicit(&cl->next, 1, memory_order_relaxed);
        uint64_t gid[3];
        enum hmm_status st;

        if (g >= cl->total)
            break;
        if (!wave) {
            wave = hmm_wave_create(&cl->launch);
            if (!wave) {
                launch_fail(cl, CL_OUT_OF_HOST_MEMORY, NULL, "cannot allocate a wave");
                break;
            }
        }
        gid[0] = g % cl->num_groups[0];
        g /= cl->num_groups[0];
        gid[1] = g % cl->num_groups[1];
        gid[2] = g / cl->num_groups[1];
        hmm_wave_start(wave, gid);
        do
            st = hmm_wave_run(wave, CPU_WAVE_BUDGET);
        while (st == HMM_YIELD);
        if (st != HMM_DONE) {
            launch_fail(cl, CL_OUT_OF_RESOURCES, gid,
                        st == HMM_TRAP ? hmm_wave_error(wave) : "unexpected fault");
            break;
        }
    }
    hmm_wave_destroy(wave);
}

/* Called with pool.lock held: a listed launch with groups left. */
static struct cpu_launch *open_launch(void)
{
    for (struct cpu_launch *cl = pool.launches; cl; cl = cl->link) {
        if (atomic_load_explicit(&cl->next, memory_order_relaxed) < cl->total)
            return cl;
    }
    return NULL;
}

static void *pool_thread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        struct cpu_launch *cl;

        while (!(cl = open_launch()) && !pool.stopping)
            pthread_cond_wait(&pool.work, &pool.lock);
        if (!cl)
            break;
        cl->active++;
        pthread_mutex_unlock(&pool.lock);
        run_groups(cl);
        pthread_mutex_lock(&pool.lock);
        if (!--cl->active)
            pthread_cond_broadcast(&pool.left);
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

/* Executing threads: HMMCL_CPU_THREADS if set (1..1024), else the online CPUs. */
static unsigned int exec_threads_wanted(void)
{
    const char *env = getenv("HMMCL_CPU_THREADS");
    long n = env ? strtol(env, NULL, 10) : 0;

    if (n < 1 || n > 1024)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (unsigned int)n;
}

static void pool_start(void)
{
    unsigned int n = exec_threads_wanted() - 1; /* the worker running a launch is the last */

    pool.exec_threads = n + 1;
    pool.threads = n ? calloc(n, sizeof(*pool.threads)) : NULL;
    if (!pool.threads)
        return;
    for (unsigned int i = 0; i < n; i++) {
        if (pthread_create(&pool.threads[i], NULL, pool_thread, NULL))
            break;
        pool.num_threads++;
    }
}

/* Pool threads help with what is listed, then exit; launches still to come run on their worker. */
__attribute__((destructor)) static void pool_stop(void)
{
    pthread_mutex_lock(&pool.lock);
    pool.stopping = true;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    for (unsigned int i = 0; i < pool.num_threads; i++)
        pthread_join(pool.threads[i], NULL);
    pthread_mutex_lock(&pool.lock);
    free(pool.threads);
    pool.threads = NULL;
    pool.num_threads = 0;
    pthread_mutex_unlock(&pool.lock);
}

unsigned int hmmcl_cpu_exec_threads(void)
{
    pthread_once(&pool.once, pool_start);
    return pool.exec_threads;
}

cl_int hmmcl_cpu_ndrange_run(cl_device_id device, struct hmmcl_ndrange *nd)
{
    struct cpu_launch cl = {.launch = nd->launch, .nd = nd};
    unsigned int threads = hmmcl_cpu_exec_threads();
    cl_int status;

    (void)device;
    cl.launch.mem = &cpu_mem_ops;
    cl.launch.mem_ctx = NULL;
    if (!cl.launch.local_size[0])
        hmmcl_choose_local_size(nd, threads, cl.launch.local_size);
    cl.total = 1;
    for (uint32_t d = 0; d < 3; d++) {
        uint64_t g = d < cl.launch.work_dim ? cl.launch.global_size[d] : 1;
        uint64_t ls = d < cl.launch.work_dim ? cl.launch.local_size[d] : 1;

        if (!g)
            return CL_SUCCESS; /* nothing to run */
        cl.num_groups[d] = (g + ls - 1) / ls;
        cl.total *= cl.num_groups[d];
    }
    atomic_init(&cl.next, 0);
    atomic_init(&cl.status, CL_SUCCESS);

    /* Pool threads join in when there is more than one group to share. */
    if (cl.total > 1) {
        pthread_mutex_lock(&pool.lock);
        if (pool.num_threads) {
            cl.link = pool.launches;
            pool.launches = &cl;
            cl.listed = true;
            pthread_cond_broadcast(&pool.work);
        }
        pthread_mutex_unlock(&pool.lock);
    }
    run_groups(&cl);
    if (cl.listed) {
        pthread_mutex_lock(&pool.lock);
        for (struct cpu_launch **p = &pool.launches; *p; p = &(*p)->link) {
            if (*p == &cl) {
                *p = cl.link;
                break;
            }
        }
        while (cl.active)
            pthread_cond_wait(&pool.left, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }

    status = atomic_load(&cl.status);
    if (status != CL_SUCCESS) {
        const char *name = nd->kernel_name ? nd->kernel_name : "?";

        if (hmmcl_log_enabled())
            hmmcl_log("kernel %s failed with %s: %s", name, hmmcl_error_name(status), cl.error);
        if (nd->context)
            hmmcl_context_notify(nd->context, "hmmcl: kernel %s failed: %s", name, cl.error);
    }
    return status;
}
