/*
 * barrier: work-group barriers with local and global fences. Local memory reductions across
 * work-group sizes (powers of two and not), tiled transposes in two dimensions, barriers in
 * loops (fixed and per-group trip counts), and global-memory exchange inside a work-group.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static const char src[] =
    "kernel void reduce(global const int *in, global int *out, local int *tmp)\n"
    "{\n"
    "    size_t l = get_local_id(0), n = get_local_size(0);\n"
    "    tmp[l] = in[get_global_id(0)];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    for (size_t s = 1; s < n; s *= 2) {\n"
    "        int v = (l % (2 * s) == 0 && l + s < n) ? tmp[l + s] : 0;\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "        tmp[l] += v;\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    }\n"
    "    if (l == 0)\n"
    "        out[get_group_id(0)] = tmp[0];\n"
    "}\n"
    "kernel void transpose(global const float *in, global float *out, local float *tile,\n"
    "                      uint w, uint h)\n"
    "{\n"
    "    size_t lx = get_local_id(0), ly = get_local_id(1), t = get_local_size(0);\n"
    "    tile[ly * t + lx] = in[get_global_id(1) * w + get_global_id(0)];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    size_t ox = get_group_id(1) * t + lx, oy = get_group_id(0) * t + ly;\n"
    "    out[oy * h + ox] = tile[lx * t + ly];\n"
    "}\n"
    "kernel void rounds(global int *io, uint rounds, uint per_group_extra)\n"
    "{\n"
    "    local int buf[256];\n"
    "    size_t l = get_local_id(0), n = get_local_size(0);\n"
    "    buf[l] = io[get_global_id(0)];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    uint r = rounds + per_group_extra * (uint)get_group_id(0);\n"
    "    for (uint i = 0; i < r; i++) {\n"
    "        int v = buf[(l + 1) % n];\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "        buf[l] = v + 1;\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    }\n"
    "    io[get_global_id(0)] = buf[l];\n"
    "}\n"
    "kernel void exchange(global int *a, global int *b)\n"
    "{\n"
    "    size_t g = get_global_id(0), l = get_local_id(0), n = get_local_size(0);\n"
    "    a[g] = (int)g * 2 + 1;\n"
    "    barrier(CLK_GLOBAL_MEM_FENCE);\n"
    "    b[g] = a[g - l + (l + 1) % n];\n"
    "}\n";

static void barrier_reduction(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, src, "", "reduce");
    if (!k)
        return;
    size_t wgs = conf_kernel_wgs(t, k), items[3] = {0};
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof(items), items, NULL));
    if (items[0] < wgs)
        wgs = items[0];
    const size_t sizes[] = {1, 3, 16, 48, 100, 256, 0 /* CL_KERNEL_WORK_GROUP_SIZE */};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t l = sizes[s] ? sizes[s] : wgs, groups = 6, n = l * groups;
        if (l > wgs)
            continue;
        int *in = malloc(n * sizeof(int)), out[6];
        REQUIRE(in);
        for (size_t i = 0; i < n; i++)
            in[i] = (int)((i * 2654435761u) % 1001) - 500;
        cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY, n * sizeof(int), in);
        cl_mem mo = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
        if (mi && mo) {
            CHECK_OK(clSetKernelArg(k, 0, sizeof(mi), &mi));
            CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
            CHECK_OK(clSetKernelArg(k, 2, l * sizeof(int), NULL));
            CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, &l, 0, NULL, NULL));
            CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
            for (size_t grp = 0; grp < groups; grp++) {
                int sum = 0;
                for (size_t i = 0; i < l; i++)
                    sum += in[grp * l + i];
                CHECK_MSG(out[grp] == sum, "group size %zu, group %zu: sum %d, expected %d", l, grp,
                          out[grp], sum);
            }
        }
        free(in);
    }
}

static void barrier_transpose(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, src, "", "transpose");
    if (!k)
        return;
    size_t wgs = conf_kernel_wgs(t, k);
    enum { W = 64, H = 32 };
    float in[W * H], out[W * H];
    for (int i = 0; i < W * H; i++)
        in[i] = (float)i;
    cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY, sizeof(in), in);
    cl_mem mo = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
    REQUIRE(mi && mo);
    cl_uint w = W, h = H;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mi), &mi));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 3, sizeof(w), &w));
    CHECK_OK(clSetKernelArg(k, 4, sizeof(h), &h));
    for (size_t tile = 1; tile <= 16; tile *= 2) {
        if (tile * tile > wgs)
            break;
        const size_t g[2] = {W, H}, l[2] = {tile, tile};
        memset(out, 0, sizeof(out));
        CHECK_OK(
            clEnqueueWriteBuffer(conf_queue(t), mo, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
        CHECK_OK(clSetKernelArg(k, 2, tile * tile * sizeof(float), NULL));
        CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 2, NULL, g, l, 0, NULL, NULL));
        CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
        int bad = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                bad += out[x * H + y] != in[y * W + x];
        CHECK_MSG(!bad, "%zux%zu tiles: %d elements misplaced", tile, tile, bad);
    }
}

static void run_rotate(conf_t *t, cl_kernel k, size_t l, cl_uint rounds, cl_uint extra)
{
    enum { GROUPS = 5 };
    size_t n = l * GROUPS;
    int *io = malloc(n * sizeof(int)), *init = malloc(n * sizeof(int));
    REQUIRE(io && init);
    for (size_t i = 0; i < n; i++)
        init[i] = (int)(i * 7 % 1000);
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, n * sizeof(int), init);
    if (m) {
        CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
        CHECK_OK(clSetKernelArg(k, 1, sizeof(rounds), &rounds));
        CHECK_OK(clSetKernelArg(k, 2, sizeof(extra), &extra));
        CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, &l, 0, NULL, NULL));
        CHECK_OK(conf_read_buf(t, m, io, n * sizeof(int)));
        int bad = 0;
        for (size_t grp = 0; grp < GROUPS; grp++) {
            size_t r = rounds + extra * grp;
            for (size_t i = 0; i < l; i++)
                bad += io[grp * l + i] != init[grp * l + (i + r) % l] + (int)r;
        }
        CHECK_MSG(!bad, "group size %zu, %u rounds (+%u per group): %d wrong", l, rounds, extra,
                  bad);
    }
    free(io);
    free(init);
}

/* Barriers inside loops: a fixed trip count, and one that differs between work-groups. */
static void barrier_in_loops(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, src, "", "rounds");
    if (!k)
        return;
    size_t wgs = conf_kernel_wgs(t, k);
    const size_t sizes[] = {1, 13, 64, 256};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        if (sizes[s] > wgs)
            break;
        run_rotate(t, k, sizes[s], 50, 0);
        run_rotate(t, k, sizes[s], 3, 7);
    }
}

/* barrier(CLK_GLOBAL_MEM_FENCE) orders global memory within the work-group. */
static void barrier_global_fence(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, src, "", "exchange");
    if (!k)
        return;
    size_t wgs = conf_kernel_wgs(t, k), l = wgs < 64 ? wgs : 64, n = l * 16;
    cl_mem ma = conf_buffer(t, CL_MEM_READ_WRITE, n * sizeof(int), NULL);
    cl_mem mb = conf_buffer(t, CL_MEM_READ_WRITE, n * sizeof(int), NULL);
    REQUIRE(ma && mb);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(ma), &ma));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mb), &mb));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, &l, 0, NULL, NULL));
    int *b = malloc(n * sizeof(int));
    REQUIRE(b);
    CHECK_OK(conf_read_buf(t, mb, b, n * sizeof(int)));
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t src_i = i - i % l + (i % l + 1) % l;
        bad += b[i] != (int)src_i * 2 + 1;
    }
    free(b);
    CHECK_MSG(!bad, "%d work-items read a stale neighbour value", bad);
}

static const struct conf_test tests[] = {
    CONF_TEST(barrier_reduction),
    CONF_TEST(barrier_transpose),
    CONF_TEST(barrier_in_loops),
    CONF_TEST(barrier_global_fence),
};
CONF_CATEGORY(conf_cat_barrier, "barrier",
              "work-group barriers: local memory reductions across group sizes, 2-D tiled "
              "transposes, barriers in loops with fixed and per-group trip counts, global "
              "fences inside a work-group",
              tests);
