/* SPDX-License-Identifier: MIT */
/*
 * The hmmgpu device's command execution (devices/hmmgpu/hmmgpu_exec.c)
 * against a fake driver, so that it runs without the kernel module: this
 * file defines libdrm's drmIoctl and syncobj calls, which the executable's
 * definitions win over the shared library's. The fake checks every request
 * the way the UAPI (kernel-driver/include/uapi/drm/hmmgpu_drm.h) says the
 * driver does -- zero padding and extensions, job fields, sizes past
 * work_dim, argument block size, limits, page-aligned migrations, a fence
 * installed before it is waited on -- and runs jobs on the host with the
 * engine (identity translation), writing the status record. It checks what
 * the backend sends and how it maps the outcome: results, one upload per
 * executable and its destruction, traps and refusals as CL errors, copies
 * and fills, migration rounding and which refusals are not errors, and the
 * counters. The real driver is exercised in the test VM (test_devices).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

#include "core/command.h"
#include "devices/hmmgpu/hmmgpu.h"
#include "devices/hmmgpu/hmmgpu_drm.h"
#include "engine/isa.h"

#include "check.h"
#include "lower_launch.h"

#define FAKE_FD       4242
#define FAKE_PROGRAMS 16
#define FAKE_SYNCOBJS 64
#define PAGE          4096ull

static const struct hmm_mem_ops identity = {.translate = NULL};

static struct {
    struct {
        bool live;
        void *image;
        struct hmm_program prog;
    } programs[FAKE_PROGRAMS];
    int creates, destroys;
    bool syncobj_live[FAKE_SYNCOBJS];
    bool syncobj_fenced[FAKE_SYNCOBJS];
    int submits;
    int fail_submit; /* the next SUBMIT is refused with this errno */
    struct drm_hmmgpu_ndrange last_ndrange;
    int migrate_errno;
    struct drm_hmmgpu_migrate migrates[8];
    int num_migrates;
    int violations; /* requests the real driver would refuse with -EINVAL */
} fake;

/* A request outside the UAPI's rules: the backend's bug, reported and refused. */
static int violation(const char *what)
{
    fprintf(stderr, "fake hmmgpu: %s\n", what);
    fake.violations++;
    failures++;
    return EINVAL;
}

static int fake_program_create(struct drm_hmmgpu_program_create *a)
{
    char log[256] = "";
    struct hmm_log hl = {.buf = log, .size = sizeof(log)};

    if (a->extensions || a->flags || a->pad || !a->size || a->size > HMMGPU_PROGRAM_MAX_SIZE)
        return violation("PROGRAM_CREATE: bad fields");
    for (uint32_t h = 0; h < FAKE_PROGRAMS; h++) {
        if (fake.programs[h].live)
            continue;
        fake.programs[h].image = malloc(a->size);
        memcpy(fake.programs[h].image, (const void *)(uintptr_t)a->image, a->size);
        if (hmm_image_parse(fake.programs[h].image, a->size, &fake.programs[h].prog, &hl) ||
            hmm_verify(&fake.programs[h].prog, &hl)) {
            free(fake.programs[h].image);
            return violation("PROGRAM_CREATE: the image does not verify");
        }
        fake.programs[h].live = true;
        fake.creates++;
        a->handle = h + 1;
        return 0;
    }
    return ENOMEM;
}

static int fake_program_destroy(struct drm_hmmgpu_program_destroy *a)
{
    uint32_t h = a->handle - 1;

    if (a->pad)
        return violation("PROGRAM_DESTROY: pad");
    if (h >= FAKE_PROGRAMS || !fake.programs[h].live)
        return ENOENT;
    fake.programs[h].live = false;
    free(fake.programs[h].image);
    fake.destroys++;
    return 0;
}

static void job_failed(struct drm_hmmgpu_job_status *st, int err, const char *msg)
{
    st->error = err;
    snprintf(st->message, sizeof(st->message), "%s", msg);
}

/* Validate an NDRange job as the driver does, then run it; 0 or the submission errno. */
static int fake_ndrange(const struct drm_hmmgpu_ndrange *j, struct drm_hmmgpu_job_status *st)
{
    uint32_t h = j->program - 1;
    const struct hmm_program *prog;
    const struct hmm_kernel *k;
    struct hmm_launch l = {0};
    uint64_t groups[3], wg = 1, total = 1;
    uint8_t args[HMMGPU_MAX_ARGS_SIZE];
    struct hmm_wave *wave;

    fake.last_ndrange = *j;
    if (h >= FAKE_PROGRAMS || !fake.programs[h].live)
        return ENOENT;
    prog = &fake.programs[h].prog;
    if (j->pad || j->kernel >= prog->num_kernels || j->work_dim < 1 || j->work_dim > 3)
        return violation("NDRANGE: pad, kernel or work_dim");
    k = &prog->kernels[j->kernel];
    if (j->args_size != k->arg_block_size || j->args_size > HMMGPU_MAX_ARGS_SIZE)
        return violation("NDRANGE: args_size is not the kernel's");
    if (j->local_mem_size < k->local_size || j->local_mem_size > HMMGPU_MAX_LOCAL_MEM)
        return violation("NDRANGE: local_mem_size");
    for (uint32_t d = 0; d < 3; d++) {
        if (d < j->work_dim && (!j->global_size[d] || !j->local_size[d]))
            return violation("NDRANGE: a size is 0 within work_dim");
        if (d >= j->work_dim && (j->global_size[d] || j->local_size[d] || j->global_offset[d]))
            return violation("NDRANGE: a size past work_dim is not 0");
        l.global_offset[d] = j->global_offset[d];
        l.global_size[d] = d < j->work_dim ? j->global_size[d] : 1;
        l.local_size[d] = d < j->work_dim ? j->local_size[d] : 1;
        groups[d] = (l.global_size[d] + l.local_size[d] - 1) / l.local_size[d];
        wg *= l.local_size[d];
        total *= groups[d];
    }
    if (wg > HMMGPU_MAX_WORK_GROUP_SIZE)
        return violation("NDRANGE: work-group too large");
    memcpy(args, (const void *)(uintptr_t)j->args, j->args_size); /* copied at submission */

    l.prog = prog;
    l.kernel = j->kernel;
    l.work_dim = j->work_dim;
    l.args = args;
    l.data_base = j->data_base;
    l.local_mem_size = j->local_mem_size;
    l.mem = &identity;
    wave = hmm_wave_create(&l);
    if (!wave)
        return ENOMEM;
    for (uint64_t g = 0; g < total; g++) {
        uint64_t gid[3] = {g % groups[0], g / groups[0] % groups[1], g / groups[0] / groups[1]};
        enum hmm_status s;

        hmm_wave_start(wave, gid);
        do
            s = hmm_wave_run(wave, 1ull << 32);
        while (s == HMM_YIELD);
        if (s != HMM_DONE) {
            job_failed(st, s == HMM_TRAP ? -EIO : -EFAULT,
                       s == HMM_TRAP ? hmm_wave_error(wave) : "unresolvable fault");
            break;
        }
    }
    hmm_wave_destroy(wave);
    return 0;
}

static int fake_copy(uint32_t type, const struct drm_hmmgpu_copy *j,
                     struct drm_hmmgpu_job_status *st)
{
    (void)st;
    if (j->pad || !j->size || !j->dst)
        return violation("COPY/FILL: pad, size or dst");
    if (type == HMMGPU_JOB_COPY) {
        if (!j->src || j->pattern || j->pattern_size)
            return violation("COPY: src or pattern fields");
        if (j->dst < j->src + j->size && j->src < j->dst + j->size)
            return violation("COPY: ranges overlap");
        memcpy((void *)(uintptr_t)j->dst, (const void *)(uintptr_t)j->src, j->size);
        return 0;
    }
    if (j->src || !j->pattern || !j->pattern_size || j->pattern_size > HMMGPU_MAX_FILL_PATTERN ||
        j->size % j->pattern_size)
        return violation("FILL: src or pattern fields");
    for (uint64_t off = 0; off < j->size; off += j->pattern_size)
        memcpy((char *)(uintptr_t)j->dst + off, (const void *)(uintptr_t)j->pattern,
               j->pattern_size);
    return 0;
}

static int fake_submit(struct drm_hmmgpu_submit *a)
{
    struct drm_hmmgpu_job_status st = {0};
    int err;

    if (a->extensions || a->flags || a->num_in_syncobjs || a->in_syncobjs)
        return violation("SUBMIT: extensions, flags or dependencies");
    if (!a->status_addr || a->status_addr % 8)
        return violation("SUBMIT: the status record is missing or misaligned");
    if (a->out_syncobj >= FAKE_SYNCOBJS || !fake.syncobj_live[a->out_syncobj])
        return ENOENT;
    if (fake.fail_submit) {
        err = fake.fail_submit;
        fake.fail_submit = 0;
        if (a->log && a->log_size)
            snprintf((char *)(uintptr_t)a->log, a->log_size, "fake refusal");
        return err;
    }
    switch (a->type) {
    case HMMGPU_JOB_NDRANGE:
        err = fake_ndrange((const void *)(uintptr_t)a->job, &st);
        break;
    case HMMGPU_JOB_COPY:
    case HMMGPU_JOB_FILL:
        err = fake_copy(a->type, (const void *)(uintptr_t)a->job, &st);
        break;
    default:
        err = violation("SUBMIT: type");
    }
    if (err)
        return err;
    fake.submits++;
    memcpy((void *)(uintptr_t)a->status_addr, &st, sizeof(st));
    fake.syncobj_fenced[a->out_syncobj] = true;
    return 0;
}

static int fake_migrate(struct drm_hmmgpu_migrate *a)
{
    if (a->extensions || a->pad || a->addr % PAGE || a->size % PAGE || !a->size ||
        (a->flags != HMMGPU_MIGRATE_TO_VRAM && a->flags != HMMGPU_MIGRATE_TO_RAM))
        return violation("MIGRATE: fields");
    if (fake.num_migrates < 8)
        fake.migrates[fake.num_migrates++] = *a;
    a->migrated = a->size / PAGE;
    return fake.migrate_errno;
}

static int fake_counters(struct drm_hmmgpu_counters *c)
{
    const size_t first = offsetof(struct drm_hmmgpu_counters, faults);
    const size_t last = offsetof(struct drm_hmmgpu_counters, program_cache_hits);

    if (c->extensions || c->pad || c->flags != HMMGPU_COUNTERS_DEVICE)
        return violation("COUNTERS: fields (the device's counters are wanted)");
    /* Each 64-bit field its own value, 1000 + its index from @faults, so a mix-up shows. */
    for (size_t off = first; off <= last; off += sizeof(uint64_t)) {
        uint64_t v = 1000 + (off - first) / sizeof(uint64_t);

        memcpy((char *)c + off, &v, sizeof(v));
    }
    return 0;
}

int drmIoctl(int fd, unsigned long request, void *arg)
{
    int err;

    if (fd != FAKE_FD) {
        errno = EBADF;
        return -1;
    }
    if (request == DRM_IOCTL_HMMGPU_PROGRAM_CREATE)
        err = fake_program_create(arg);
    else if (request == DRM_IOCTL_HMMGPU_PROGRAM_DESTROY)
        err = fake_program_destroy(arg);
    else if (request == DRM_IOCTL_HMMGPU_SUBMIT)
        err = fake_submit(arg);
    else if (request == DRM_IOCTL_HMMGPU_MIGRATE)
        err = fake_migrate(arg);
    else if (request == DRM_IOCTL_HMMGPU_COUNTERS)
        err = fake_counters(arg);
    else
        err = violation("unexpected ioctl");
    errno = err;
    return err ? -1 : 0;
}

int drmSyncobjCreate(int fd, uint32_t flags, uint32_t *handle)
{
    if (fd != FAKE_FD || flags) {
        errno = EINVAL;
        return -1;
    }
    for (uint32_t h = 1; h < FAKE_SYNCOBJS; h++) {
        if (!fake.syncobj_live[h]) {
            fake.syncobj_live[h] = true;
            fake.syncobj_fenced[h] = false;
            *handle = h;
            return 0;
        }
    }
    errno = ENOMEM;
    return -1;
}

int drmSyncobjDestroy(int fd, uint32_t handle)
{
    if (fd != FAKE_FD || handle >= FAKE_SYNCOBJS || !fake.syncobj_live[handle])
        return -EINVAL;
    fake.syncobj_live[handle] = false;
    return 0;
}

/* The fake runs jobs at submission: a fenced syncobj has signalled. */
int drmSyncobjWait(int fd, uint32_t *handles, unsigned num_handles, int64_t timeout_nsec,
                   unsigned flags, uint32_t *first_signaled)
{
    (void)timeout_nsec;
    (void)flags;
    (void)first_signaled;
    for (unsigned i = 0; i < num_handles; i++) {
        if (fd != FAKE_FD || handles[i] >= FAKE_SYNCOBJS || !fake.syncobj_live[handles[i]])
            return -EINVAL;
        if (!fake.syncobj_fenced[handles[i]]) {
            violation("waiting on a syncobj without a fence (would block forever)");
            return -ETIME;
        }
    }
    return 0;
}

static int live_syncobjs(void)
{
    int n = 0;

    for (int h = 0; h < FAKE_SYNCOBJS; h++)
        n += fake.syncobj_live[h];
    return n;
}

static int live_programs(void)
{
    int n = 0;

    for (int h = 0; h < FAKE_PROGRAMS; h++)
        n += fake.programs[h].live;
    return n;
}

static cl_device_id dev;

static cl_int run_cmd(struct hmmcl_command *cmd)
{
    return dev->ops->run(dev, cmd);
}

static cl_int launch(struct hmmcl_ndrange *nd)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NDRANGE, .ndrange = nd};
    cl_int st;

    if (!nd)
        return CL_INVALID_VALUE;
    st = run_cmd(&cmd);
    hmmcl_ndrange_destroy(nd);
    return st;
}

static void test_ndrange(void)
{
    struct hmmcl_executable exe;
    enum { M = 40 };
    static float a[M * M], b[M * M], r[M * M];
    int m = M, bad = 0;
    const uint64_t g[3] = {M, M, 1}, l[3] = {8, 5, 1};

    if (load("mul_mat", &exe))
        return;
    for (int i = 0; i < M * M; i++) {
        a[i] = (float)(i % 7) - 3;
        b[i] = (float)(i % 5) * 0.5f;
    }
    struct targ args[] = {PTR(r), PTR(a), PTR(b), VAL(m)};
    for (int pass = 0; pass < 2; pass++) {
        memset(r, 0, sizeof(r));
        CHECK_EQ(launch(make(&exe, "mul_mat", 2, g, pass ? NULL : l, args, 4)), CL_SUCCESS);
        for (int i = 0; i < M && !bad; i++) {
            for (int j = 0; j < M; j++) {
                float s = 0;

                for (int k = 0; k < M; k++)
                    s += a[i * M + k] * b[k * M + j];
                bad += r[i * M + j] != s;
            }
        }
        CHECK_EQ(bad, 0);
    }
    /* The device's choice (pass 1): within its limit, dividing nothing it must not. */
    CHECK(fake.last_ndrange.local_size[0] * fake.last_ndrange.local_size[1] <=
          HMMGPU_MAX_WORK_GROUP_SIZE);
    CHECK(fake.last_ndrange.local_size[0] >= 1 && fake.last_ndrange.local_size[1] >= 1);
    CHECK_EQ(fake.last_ndrange.data_base, (uint64_t)(uintptr_t)exe.data);
    /* One upload for both launches, destroyed with the executable. */
    CHECK_EQ(fake.creates, 1);
    CHECK_EQ(live_programs(), 1);
    CHECK(exe.device == dev && exe.device_state != NULL);
    dev->ops->executable_fini(dev, &exe);
    CHECK_EQ(fake.destroys, 1);
    CHECK_EQ(live_programs(), 0);
    CHECK(exe.device_state == NULL);
    unload(&exe);
}

/* __local arguments: the local memory size the job gets covers them. */
static void test_local(void)
{
    struct hmmcl_executable exe;
    enum { N = 1024, L = 64 };
    static int in[N], out[2 * N / L];
    const uint64_t g[3] = {N}, l[3] = {L};

    if (load("local_reduce", &exe))
        return;
    for (int i = 0; i < N; i++)
        in[i] = (i * 37) % 11 - 5;
    struct targ args[] = {PTR(in), PTR(out), LOCAL(L * sizeof(int))};
    CHECK_EQ(launch(make(&exe, "reduce", 1, g, l, args, 3)), CL_SUCCESS);
    for (int grp = 0; grp < N / L; grp++) {
        int s = 0;

        for (int i = 0; i < L; i++)
            s += in[grp * L + i];
        CHECK_EQ(out[2 * grp], s);
    }
    CHECK(fake.last_ndrange.local_mem_size >= L * sizeof(int));
    dev->ops->executable_fini(dev, &exe);
    unload(&exe);
}

/* A job that traps fails the command; the device takes the next one. */
static void test_trap(void)
{
    struct hmmcl_executable exe;
    long sums[64];
    const uint64_t g[3] = {64}, l[3] = {8};

    if (load("list", &exe))
        return;
    struct targ bad_args[] = {PTR((void *)(uintptr_t)16), PTR(sums)};
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, bad_args, 2)), CL_OUT_OF_RESOURCES);
    struct targ ok_args[] = {PTR(NULL), PTR(sums)};
    sums[5] = -1;
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, ok_args, 2)), CL_SUCCESS);
    CHECK_EQ(sums[5], 0);

    /* Refused submissions: out of memory is the host's, anything else resources. */
    fake.fail_submit = ENOMEM;
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, ok_args, 2)), CL_OUT_OF_HOST_MEMORY);
    fake.fail_submit = EACCES;
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, ok_args, 2)), CL_OUT_OF_RESOURCES);
    CHECK_EQ(live_syncobjs(), 0);
    dev->ops->executable_fini(dev, &exe);
    unload(&exe);
}

static void test_copy_fill(void)
{
    static unsigned char src[10000], dst[10000];
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY};
    int submits;
    bool ok = true;

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 13);
    cmd.copy.dst = dst;
    cmd.copy.src = src;
    cmd.copy.size = sizeof(src);
    submits = fake.submits;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    CHECK_EQ(fake.submits, submits + 1);
    CHECK(!memcmp(src, dst, sizeof(src)));

    cmd = (struct hmmcl_command){.op = HMMCL_OP_FILL};
    cmd.fill.dst = dst + 8;
    cmd.fill.size = 96 * 12;
    cmd.fill.pattern_size = 12;
    memcpy(cmd.fill.pattern, "hmmgpu fill!", 12);
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    CHECK_EQ(fake.submits, submits + 2);
    for (size_t i = 0; i < 96 * 12; i++)
        ok &= dst[8 + i] == (unsigned char)"hmmgpu fill!"[i % 12];
    CHECK(ok && dst[7] == src[7] && dst[8 + 96 * 12] == src[8 + 96 * 12]);

    /* Nothing to move is no job (the driver refuses size 0). */
    cmd.fill.size = 0;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    cmd = (struct hmmcl_command){.op = HMMCL_OP_COPY};
    cmd.copy.dst = dst;
    cmd.copy.src = src;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    /* The rest runs on the host. */
    cmd = (struct hmmcl_command){.op = HMMCL_OP_NOP};
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    CHECK_EQ(fake.submits, submits + 2);
    CHECK_EQ(live_syncobjs(), 0);
}

static void test_migrate(void)
{
    static char area[6 * PAGE] __attribute__((aligned(4096)));
    struct hmmcl_range ranges[2] = {{area + 100, 10}, {area + 2 * PAGE - 1, 2}};
    struct hmmcl_command cmd = {.op = HMMCL_OP_MIGRATE};

    cmd.migrate.ranges = ranges;
    cmd.migrate.count = 2;
    fake.num_migrates = 0;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    CHECK_EQ(fake.num_migrates, 2);
    CHECK_EQ(fake.migrates[0].addr, (uint64_t)(uintptr_t)area);
    CHECK_EQ(fake.migrates[0].size, PAGE);
    CHECK_EQ(fake.migrates[0].flags, HMMGPU_MIGRATE_TO_VRAM);
    CHECK_EQ(fake.migrates[1].addr, (uint64_t)(uintptr_t)area + PAGE);
    CHECK_EQ(fake.migrates[1].size, 2 * PAGE);

    /* Back to the host; refusals of a hint are not errors, a range not mapped is. */
    cmd.migrate.to_host = true;
    cmd.migrate.count = 1;
    fake.num_migrates = 0;
    fake.migrate_errno = EOPNOTSUPP;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    CHECK_EQ(fake.migrates[0].flags, HMMGPU_MIGRATE_TO_RAM);
    fake.migrate_errno = EBUSY;
    CHECK_EQ(run_cmd(&cmd), CL_SUCCESS);
    fake.migrate_errno = EFAULT;
    CHECK_EQ(run_cmd(&cmd), CL_OUT_OF_RESOURCES);
    fake.migrate_errno = 0;
}

static void test_counters(void)
{
    cl_device_counters_hmmcl c;

    memset(&c, 0xff, sizeof(c));
    CHECK_EQ(dev->ops->counters(dev, &c), CL_SUCCESS);
    /* Field i of struct drm_hmmgpu_counters' counters is 1000 + i (faults first). */
    CHECK_EQ(c.faults, 1000);
    CHECK_EQ(c.pages_mirrored, 1001);
    CHECK_EQ(c.invalidations, 1002);
    CHECK_EQ(c.pages_invalidated, 1003);
    CHECK_EQ(c.migrated_to_vram, 1006);
    CHECK_EQ(c.migrated_to_ram, 1007);
    CHECK_EQ(c.evictions, 1008);
    CHECK_EQ(c.vram_pages, 1010);
    CHECK_EQ(c.vram_used, 1011);
    CHECK_EQ(c.jobs_submitted, 1014);
    CHECK_EQ(c.jobs_completed, 1015);
    CHECK_EQ(c.jobs_failed, 1016);
    CHECK_EQ(c.jobs_timed_out, 1017);
    CHECK_EQ(c.work_groups, 1018);
    CHECK_EQ(c.tlb_misses, 1019);
    CHECK_EQ(c.auto_migrations, 1020);
    CHECK_EQ(c.programs_verified, 1021);
    CHECK_EQ(c.programs_rejected, 1022);
    CHECK_EQ(c.program_cache_hits, 1023);
}

int main(void)
{
    if (!HMM_LOWER_CASES_DIR[0]) {
        printf("SKIP: no SPIR-V cases (clang-15 or llvm-spirv-15 missing at configure time)\n");
        return 77;
    }
    /* No platform: nothing probes real render nodes while drmIoctl is the fake's. */
    dev = hmmgpu_device_create(NULL, FAKE_FD, "renderD128");
    CHECK(dev != NULL);
    if (!dev)
        return 1;
    CHECK(strstr(dev->name, "hmmgpu") != NULL && dev->type == CL_DEVICE_TYPE_GPU);
    test_ndrange();
    test_local();
    test_trap();
    test_copy_fill();
    test_migrate();
    test_counters();
    CHECK_EQ(fake.violations, 0);
    if (failures) {
        fprintf(stderr, "test_hmmgpu_exec: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_hmmgpu_exec: all passed\n");
    return 0;
}
