/*
 * compiler: building programs. Source builds and their logs, every build
 * option, compile + link of several modules and libraries, program binaries,
 * IL programs, kernel argument information, and the kernel-object errors
 * that depend on a build. Runnable on any platform with a compiler; IL tests
 * skip on devices without SPIR-V 1.0.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

/*
 * il_axpb.spv, generated once (SPIR-V 1.0) from:
 *
 *   __kernel void il_axpb(__global int *x, int a, int b)
 *   {
 *       size_t i = get_global_id(0);
 *       x[i] = a * x[i] + b;
 *   }
 *
 * clang-15 -cc1 -triple spir64-unknown-unknown -emit-llvm-bc -finclude-default-header
 *   -fdeclare-opencl-builtins -no-opaque-pointers -O2 -cl-std=CL1.2 -discard-value-names
 *   -o il.bc il.cl && llvm-spirv-15 --spirv-max-version=1.0 il.bc -o il.spv
 */
static const uint32_t il_axpb[] = {
#include "compiler_il_axpb.inc"
};

/*
 * il_math.spv, made the same way: OpenCL.std exp and sin, which a device
 * must provide for SPIR-V programs as it does for OpenCL C.
 *
 *   __kernel void il_math(__global float *x, __global float *y)
 *   {
 *       size_t i = get_global_id(0);
 *       y[i] = exp(x[i]) + sin(x[i]);
 *   }
 */
static const uint32_t il_math[] = {
#include "compiler_il_math.inc"
};

static const char axpb_src[] = "__kernel void axpb(__global int *x, int a, int b)\n"
                               "{\n"
                               "    size_t i = get_global_id(0);\n"
                               "    x[i] = a * x[i] + b;\n"
                               "}\n";

#define N 64

static void require_compiler(conf_t *t, bool *ok)
{
    *ok = conf_has_compiler(t);
    if (!*ok)
        conf_skip(t, "device reports CL_DEVICE_COMPILER_AVAILABLE == CL_FALSE");
}

#define NEED_COMPILER()                                                                            \
    do {                                                                                           \
        bool ok_;                                                                                  \
        require_compiler(t, &ok_);                                                                 \
        if (!ok_)                                                                                  \
            return;                                                                                \
    } while (0)

static cl_program from_source(conf_t *t, const char *src)
{
    cl_int err = CL_SUCCESS;
    cl_program p = clCreateProgramWithSource(conf_context(t), 1, &src, NULL, &err);

    if (!p) {
        conf_fail(t, __FILE__, __LINE__, "clCreateProgramWithSource: %s", conf_err_name(err));
        return NULL;
    }
    conf_defer_program(t, p);
    return p;
}

/* The build log of @p for the test's device (freed after the test). */
static char *build_log(conf_t *t, cl_program p)
{
    size_t size = 0;
    char *log;

    if (clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &size) || !size)
        return "";
    log = calloc(1, size + 1);
    if (!log)
        return "";
    conf_defer_free(t, log);
    clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_LOG, size, log, NULL);
    return log;
}

static cl_int build_status(cl_program p, cl_device_id d)
{
    cl_build_status s = 1;

    clGetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_STATUS, sizeof(s), &s, NULL);
    return s;
}

static cl_uint binary_type(cl_program p, cl_device_id d)
{
    cl_program_binary_type bt = 0xffff;

    clGetProgramBuildInfo(p, d, CL_PROGRAM_BINARY_TYPE, sizeof(bt), &bt, NULL);
    return bt;
}

/* Run @k (argument 0 a buffer of N ints initialised to i) over N items; the buffer's contents. */
static bool run_ints(conf_t *t, cl_kernel k, int out[N])
{
    cl_command_queue q = conf_queue(t);
    size_t g = N;
    cl_mem m;
    int init[N];

    for (int i = 0; i < N; i++)
        init[i] = i;
    m = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(init), init);
    if (!m || !q)
        return false;
    if (clSetKernelArg(k, 0, sizeof(m), &m) ||
        clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, NULL) ||
        clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(init), out, 0, NULL, NULL)) {
        conf_fail(t, __FILE__, __LINE__, "running the kernel failed");
        return false;
    }
    return true;
}

/* Build @src with @options and run kernel "k" (one argument: __global int *) over N items. */
static bool build_run(conf_t *t, const char *src, const char *options, int out[N])
{
    cl_kernel k = conf_kernel_or_skip(t, src, options, "k");

    return k && run_ints(t, k, out);
}

static void check_axpb(conf_t *t, cl_kernel k)
{
    int a = 3, b = 7, out[N];

    CHECK_OK(clSetKernelArg(k, 1, sizeof(a), &a));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(b), &b));
    if (!run_ints(t, k, out))
        return;
    for (int i = 0; i < N; i++) {
        if (out[i] != 3 * i + 7) {
            CHECK_EQ_I(3 * i + 7, out[i]);
            return;
        }
    }
}

/* --- builds -------------------------------------------------------------- */

static void build_success(conf_t *t)
{
    const char *src = "__kernel void first(__global int *x) { x[0] = 1; }\n"
                      "__kernel void second(__global int *x) { x[1] = 2; }\n";
    char names[64] = "";
    size_t nk = 0;
    cl_program p;
    cl_kernel k;

    NEED_COMPILER();
    p = from_source(t, src);
    REQUIRE(p);
    CHECK_EQ_I(CL_BUILD_NONE, build_status(p, t->device));
    /* CL_INVALID_PROGRAM_EXECUTABLE before a build. */
    CHECK_ERR(CL_INVALID_PROGRAM_EXECUTABLE,
              clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof(nk), &nk, NULL));
    CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(p, "first", ERRP));
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, NULL, NULL, NULL));
    CHECK_EQ_I(CL_BUILD_SUCCESS, build_status(p, t->device));
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_EXECUTABLE, binary_type(p, t->device));
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof(nk), &nk, NULL));
    CHECK_EQ_U(2, nk);
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, sizeof(names), names, NULL));
    CHECK_MSG(!strcmp(names, "first;second") || !strcmp(names, "second;first"), "names \"%s\"",
              names);
    REQUIRE_CREATE(k, clCreateKernel(p, "second", ERRP));
    conf_defer_kernel(t, k);
    /* CL_INVALID_OPERATION: a build while kernel objects are attached. */
    CHECK_ERR(CL_INVALID_OPERATION, clBuildProgram(p, 1, &t->device, NULL, NULL, NULL));
}

static void build_failure_log(conf_t *t)
{
    const char *src = "__kernel void k(__global int *x)\n"
                      "{\n"
                      "    x[0] = undeclared_thing;\n"
                      "}\n";
    cl_program p;
    char *log;

    NEED_COMPILER();
    p = from_source(t, src);
    REQUIRE(p);
    CHECK_ERR(CL_BUILD_PROGRAM_FAILURE, clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    CHECK_EQ_I(CL_BUILD_ERROR, build_status(p, t->device));
    log = build_log(t, p);
    CHECK_MSG(strstr(log, "undeclared_thing") != NULL, "log: %s", log);
    /* The line of the error, as file:line:column. */
    CHECK_MSG(strstr(log, ":3:") != NULL, "log: %s", log);
    CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(p, "k", ERRP));
}

static int notified;
static void CL_CALLBACK on_built(cl_program p, void *user_data)
{
    (void)p;
    *(int *)user_data += 1;
}

static void build_notify(conf_t *t)
{
    cl_program p;

    NEED_COMPILER();
    p = from_source(t, axpb_src);
    REQUIRE(p);
    notified = 0;
    CHECK_OK(clBuildProgram(p, 1, &t->device, NULL, on_built, &notified));
    /* The callback may run on another thread: wait for it a little. */
    for (int i = 0; i < 1000 && !notified; i++)
        usleep(1000);
    CHECK_EQ_I(1, notified);
    /* CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL. */
    CHECK_ERR(CL_INVALID_VALUE, clBuildProgram(p, 1, &t->device, NULL, NULL, &notified));
}

static void build_and_run(conf_t *t)
{
    cl_kernel k;

    NEED_COMPILER();
    k = conf_kernel_or_skip(t, axpb_src, "", "axpb");
    if (!k)
        return;
    check_axpb(t, k);
}

/* clang -O2 pairs a division with the remainder of the same operands (freeze in LLVM IR). */
static void build_div_rem(conf_t *t)
{
    const char *src = "__kernel void k(__global int *x)\n"
                      "{\n"
                      "    int i = get_global_id(0), v = x[i] + 100;\n"
                      "    x[i] = (v / 7) * 1000 + v % 7;\n"
                      "}\n";
    int out[N];

    NEED_COMPILER();
    if (!build_run(t, src, "", out))
        return;
    for (int i = 0; i < N; i++) {
        int v = i + 100;

        if (out[i] != (v / 7) * 1000 + v % 7) {
            CHECK_EQ_I((v / 7) * 1000 + v % 7, out[i]);
            return;
        }
    }
}

/*
 * Three generic pointers chosen on i % 3 and two stores tested on i % 3: clang's optimiser turns
 * the tests into a switch on an i2 (i % 3 fits in two bits), a type SPIR-V has no word for
 * unless a vendor extension is used.
 */
static void build_narrow_switch(conf_t *t)
{
    const char *src =
        "__kernel void k(__global int *x)\n"
        "{\n"
        "    size_t i = get_global_id(0), j = get_local_id(0);\n"
        "    __local int l[64];\n"
        "    int p = 0;\n"
        "    l[j] = 0;\n"
        "    generic int *q = i % 3 == 0 ? (generic int *)&x[i]\n"
        "                   : i % 3 == 1 ? (generic int *)&l[j] : (generic int *)&p;\n"
        "    *q = (int)i * 10 + 1;\n"
        "    if (i % 3 == 1) x[i] = l[j] + 2;\n"
        "    if (i % 3 == 2) x[i] = p + 3;\n"
        "}\n";
    int out[N];

    NEED_COMPILER();
    if (!conf_has_c_feature(t, "__opencl_c_generic_address_space") && !conf_has_c_version(t, 2, 0))
        SKIP("no generic address space");
    cl_kernel k = conf_kernel_or_skip(t, src, conf_cl_std_2plus(t), "k");
    if (!k || !run_ints(t, k, out))
        return;
    for (int i = 0; i < N; i++) {
        int want = i * 10 + 1 + (i % 3 ? i % 3 + 1 : 0);
        if (out[i] != want) {
            CHECK_EQ_I(want, out[i]);
            return;
        }
    }
}

/* --- options ------------------------------------------------------------- */

static void option_define(conf_t *t)
{
    const char *src = "__kernel void k(__global int *x)\n"
                      "{\n"
                      "#ifdef FLAG\n"
                      "    x[get_global_id(0)] = VAL + FLAG * 1000;\n"
                      "#else\n"
                      "    x[get_global_id(0)] = VAL;\n"
                      "#endif\n"
                      "}\n";
    static const struct {
        const char *options;
        int expect;
    } cases[] = {
        {"-DVAL=42", 42},
        {"-D VAL=43", 43},
        {"-DVAL=5 -DFLAG", 1005},
        {"-D VAL=6 -D FLAG=2", 2006},
    };
    int out[N];

    NEED_COMPILER();
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        if (!build_run(t, src, cases[c].options, out))
            return;
        CHECK_MSG(out[0] == cases[c].expect && out[N - 1] == cases[c].expect,
                  "%s: got %d, expected %d", cases[c].options, out[0], cases[c].expect);
    }
}

static void option_include(conf_t *t)
{
    const char *src = "#include \"conf_inc_value.h\"\n"
                      "__kernel void k(__global int *x) { x[get_global_id(0)] = INC_VALUE; }\n";
    char dir[] = "/tmp/conf-inc-XXXXXX", path[64], opt[64];
    int out[N];
    FILE *f;

    NEED_COMPILER();
    REQUIRE(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/conf_inc_value.h", dir);
    f = fopen(path, "w");
    REQUIRE(f);
    fputs("#define INC_VALUE 77\n", f);
    fclose(f);
    snprintf(opt, sizeof(opt), "-I %s", dir);
    if (build_run(t, src, opt, out))
        CHECK_EQ_I(77, out[0]);
    snprintf(opt, sizeof(opt), "-I%s", dir);
    if (build_run(t, src, opt, out))
        CHECK_EQ_I(77, out[0]);
    unlink(path);
    rmdir(dir);
}

static void option_cl_std(conf_t *t)
{
    const char *src = "__kernel void k(__global int *x) { x[0] = __OPENCL_C_VERSION__; }\n";
    static const struct {
        unsigned major, minor;
        const char *opt;
        int value;
    } stds[] = {
        {1, 1, "-cl-std=CL1.1", 110},
        {1, 2, "-cl-std=CL1.2", 120},
        {2, 0, "-cl-std=CL2.0", 200},
        {3, 0, "-cl-std=CL3.0", 300},
    };
    int out[N];

    NEED_COMPILER();
    for (size_t i = 0; i < sizeof(stds) / sizeof(stds[0]); i++) {
        if (!conf_has_c_version(t, stds[i].major, stds[i].minor))
            continue;
        if (!build_run(t, src, stds[i].opt, out))
            return;
        CHECK_MSG(out[0] == stds[i].value, "%s: __OPENCL_C_VERSION__ %d", stds[i].opt, out[0]);
    }
}

/* Every option of the spec's lists is accepted and the kernel still computes the same. */
static void option_each_valid(conf_t *t)
{
    static const char *const options[] = {
        "-cl-opt-disable",
        "-cl-mad-enable",
        "-cl-fast-relaxed-math",
        "-cl-finite-math-only",
        "-cl-unsafe-math-optimizations",
        "-cl-no-signed-zeros",
        "-cl-denorms-are-zero",
        "-cl-single-precision-constant",
        "-cl-fp32-correctly-rounded-divide-sqrt",
        "-w",
        "-Werror",
        "-cl-kernel-arg-info",
        "-cl-uniform-work-group-size",
        "-g",
        "-cl-opt-disable -cl-mad-enable -w",
    };

    NEED_COMPILER();
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        cl_program p = from_source(t, axpb_src);
        cl_kernel k;
        cl_int err;

        if (!p)
            return;
        err = clBuildProgram(p, 1, &t->device, options[i], NULL, NULL);
        CHECK_MSG(err == CL_SUCCESS, "\"%s\": %s\n%s", options[i], conf_err_name(err),
                  build_log(t, p));
        if (err)
            continue;
        k = clCreateKernel(p, "axpb", &err);
        CHECK_OK(err);
        if (!k)
            continue;
        conf_defer_kernel(t, k);
        check_axpb(t, k);
    }
}

/* Every option of the spec's list of linking options (5.8.6.2, its spelling) links. */
static void link_options_each_valid(conf_t *t)
{
    static const char *const options[] = {
        "-cl-denorms-are-zero", "-cl-no-signed-zeroes",  "-cl-unsafe-math-optimizations",
        "-cl-finite-math-only", "-cl-fast-relaxed-math", "-cl-no-subgroup-ifp",
    };

    NEED_COMPILER();
    cl_program obj = from_source(t, axpb_src);
    REQUIRE(obj);
    REQUIRE_OK(clCompileProgram(obj, 1, &t->device, "", 0, NULL, NULL, NULL, NULL));
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        cl_int err;
        cl_program exe =
            clLinkProgram(conf_context(t), 1, &t->device, options[i], 1, &obj, NULL, NULL, &err);
        if (exe)
            conf_defer_program(t, exe);
        CHECK_MSG(err == CL_SUCCESS, "\"%s\": %s", options[i], conf_err_name(err));
        if (err || !exe)
            continue;
        cl_kernel k = clCreateKernel(exe, "axpb", &err);
        CHECK_OK(err);
        if (!k)
            continue;
        conf_defer_kernel(t, k);
        check_axpb(t, k);
    }
}

static void option_invalid(conf_t *t)
{
    cl_program p, lib;
    char *log;

    NEED_COMPILER();
    p = from_source(t, axpb_src);
    REQUIRE(p);
    CHECK_ERR(CL_INVALID_BUILD_OPTIONS,
              clBuildProgram(p, 1, &t->device, "-cl-no-such-option", NULL, NULL));
    log = build_log(t, p);
    conf_note(t, "log for an invalid option: %s", log);
    CHECK_ERR(CL_INVALID_BUILD_OPTIONS,
              clBuildProgram(p, 1, &t->device, "-cl-std=CL9.9", NULL, NULL));
    CHECK_ERR(CL_INVALID_COMPILER_OPTIONS,
              clCompileProgram(p, 1, &t->device, "-cl-no-such-option", 0, NULL, NULL, NULL, NULL));
    /* A link option is not a compile option. */
    CHECK_ERR(CL_INVALID_COMPILER_OPTIONS,
              clCompileProgram(p, 1, &t->device, "-create-library", 0, NULL, NULL, NULL, NULL));
    REQUIRE_OK(clCompileProgram(p, 1, &t->device, "", 0, NULL, NULL, NULL, NULL));
    CHECK_NULL_ERR(CL_INVALID_LINKER_OPTIONS,
                   clLinkProgram(conf_context(t), 1, &t->device, "-cl-no-such-option", 1, &p, NULL,
                                 NULL, ERRP));
    /* And the build still works after all that. */
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    (void)lib;
}

static void option_werror(conf_t *t)
{
    const char *src = "#warning conf_warning_here\n"
                      "__kernel void k(__global int *x) { x[0] = 1; }\n";
    cl_program p;
    char *log;

    NEED_COMPILER();
    p = from_source(t, src);
    REQUIRE(p);
    CHECK_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    log = build_log(t, p);
    CHECK_MSG(strstr(log, "conf_warning_here") != NULL, "a warning is logged: \"%s\"", log);
    CHECK_ERR(CL_BUILD_PROGRAM_FAILURE, clBuildProgram(p, 1, &t->device, "-Werror", NULL, NULL));
    CHECK_OK(clBuildProgram(p, 1, &t->device, "-w", NULL, NULL));
    log = build_log(t, p);
    CHECK_MSG(strstr(log, "conf_warning_here") == NULL, "-w silences warnings: \"%s\"", log);
}

static void build_options_query(conf_t *t)
{
    char opts[128] = "";
    cl_program p;

    NEED_COMPILER();
    p = from_source(t, axpb_src);
    REQUIRE(p);
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "-DX=1 -cl-mad-enable", NULL, NULL));
    CHECK_OK(
        clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_OPTIONS, sizeof(opts), opts, NULL));
    CHECK_MSG(strstr(opts, "-cl-mad-enable") && strstr(opts, "X=1"), "options \"%s\"", opts);
}

/* --- compile and link ----------------------------------------------------- */

static const char helper_src[] = "int conf_helper(int v) { return v * 2 + CONF_ADD; }\n";
static const char user_src[] = "int conf_helper(int v);\n"
                               "__kernel void k(__global int *x)\n"
                               "{\n"
                               "    x[get_global_id(0)] = conf_helper(x[get_global_id(0)]);\n"
                               "}\n";

static cl_program compiled(conf_t *t, const char *src, const char *options)
{
    cl_program p = from_source(t, src);
    cl_int err;

    if (!p)
        return NULL;
    err = clCompileProgram(p, 1, &t->device, options, 0, NULL, NULL, NULL, NULL);
    if (err) {
        conf_fail(t, __FILE__, __LINE__, "clCompileProgram: %s\n%s", conf_err_name(err),
                  build_log(t, p));
        return NULL;
    }
    return p;
}

static void check_linked(conf_t *t, cl_program exe)
{
    int out[N];
    cl_kernel k;

    REQUIRE_CREATE(k, clCreateKernel(exe, "k", ERRP));
    conf_defer_kernel(t, k);
    if (!run_ints(t, k, out))
        return;
    CHECK_EQ_I(5, out[0]);
    CHECK_EQ_I(2 * (N - 1) + 5, out[N - 1]);
}

static void compile_link(conf_t *t)
{
    cl_program in[2], exe;

    NEED_COMPILER();
    in[0] = compiled(t, helper_src, "-DCONF_ADD=5");
    in[1] = compiled(t, user_src, "");
    REQUIRE(in[0] && in[1]);
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT, binary_type(in[0], t->device));
    CHECK_EQ_I(CL_BUILD_SUCCESS, build_status(in[0], t->device));
    /* A compiled object is not an executable. */
    CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(in[1], "k", ERRP));
    REQUIRE_CREATE(exe, clLinkProgram(conf_context(t), 1, &t->device, "", 2, in, NULL, NULL, ERRP));
    conf_defer_program(t, exe);
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_EXECUTABLE, binary_type(exe, t->device));
    check_linked(t, exe);
}

static void compile_headers(conf_t *t)
{
    const char *hdr_src = "#define CONF_ADD 5\nint conf_helper(int v);\n";
    const char *main_src = "#include \"conf/defs.h\"\n"
                           "int conf_helper(int v) { return v * 2 + CONF_ADD; }\n"
                           "__kernel void k(__global int *x)\n"
                           "{\n"
                           "    x[get_global_id(0)] = conf_helper(x[get_global_id(0)]);\n"
                           "}\n";
    const char *names[] = {"conf/defs.h"};
    cl_program hdr, p, exe;
    cl_int err;

    NEED_COMPILER();
    hdr = from_source(t, hdr_src);
    p = from_source(t, main_src);
    REQUIRE(hdr && p);
    err = clCompileProgram(p, 1, &t->device, "", 1, &hdr, names, NULL, NULL);
    CHECK_MSG(err == CL_SUCCESS, "%s\n%s", conf_err_name(err), build_log(t, p));
    REQUIRE(err == CL_SUCCESS);
    /* Without the header the compile fails. */
    CHECK_ERR(CL_COMPILE_PROGRAM_FAILURE, clCompileProgram(from_source(t, main_src), 1, &t->device,
                                                           "", 0, NULL, NULL, NULL, NULL));
    REQUIRE_CREATE(exe, clLinkProgram(conf_context(t), 1, &t->device, "", 1, &p, NULL, NULL, ERRP));
    conf_defer_program(t, exe);
    check_linked(t, exe);
}

static void link_library(conf_t *t)
{
    cl_program helper, user, lib, in[2], exe;

    NEED_COMPILER();
    helper = compiled(t, helper_src, "-DCONF_ADD=5");
    user = compiled(t, user_src, "");
    REQUIRE(helper && user);
    /* -enable-link-options is only valid with -create-library. */
    CHECK_NULL_ERR(CL_INVALID_LINKER_OPTIONS,
                   clLinkProgram(conf_context(t), 1, &t->device, "-enable-link-options", 1, &helper,
                                 NULL, NULL, ERRP));
    REQUIRE_CREATE(lib, clLinkProgram(conf_context(t), 1, &t->device,
                                      "-create-library -enable-link-options", 1, &helper, NULL,
                                      NULL, ERRP));
    conf_defer_program(t, lib);
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_LIBRARY, binary_type(lib, t->device));
    CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(lib, "k", ERRP));
    in[0] = user;
    in[1] = lib;
    REQUIRE_CREATE(exe, clLinkProgram(conf_context(t), 1, &t->device, "", 2, in, NULL, NULL, ERRP));
    conf_defer_program(t, exe);
    check_linked(t, exe);
}

static void link_errors(conf_t *t)
{
    cl_program src, user, exe;
    cl_int err = CL_SUCCESS;

    NEED_COMPILER();
    src = from_source(t, user_src);
    REQUIRE(src);
    /* CL_INVALID_OPERATION: an input without a compiled object or library. */
    CHECK_NULL_ERR(CL_INVALID_OPERATION,
                   clLinkProgram(conf_context(t), 1, &t->device, "", 1, &src, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clLinkProgram(conf_context(t), 1, &t->device, "", 0, NULL, NULL, NULL, ERRP));
    /* An unresolved function: the link fails, and the program reports why. */
    user = compiled(t, user_src, "");
    REQUIRE(user);
    exe = clLinkProgram(conf_context(t), 1, &t->device, "", 1, &user, NULL, NULL, &err);
    CHECK_ERR(CL_LINK_PROGRAM_FAILURE, err);
    if (exe) {
        conf_defer_program(t, exe);
        CHECK_EQ_I(CL_BUILD_ERROR, build_status(exe, t->device));
        conf_note(t, "unresolved symbol log: %s", build_log(t, exe));
    }
}

/* --- binaries ------------------------------------------------------------ */

static void binaries_roundtrip(conf_t *t)
{
    const char *src = "__kernel void axpb(__global int *x, int a, int b)\n"
                      "{ size_t i = get_global_id(0); x[i] = a * x[i] + b; }\n"
                      "__kernel void other(__global int *x) { x[0] = 0; }\n";
    cl_program p, q;
    size_t size = 0, nk = 0;
    unsigned char *bin;
    const unsigned char *cbin;
    cl_int status = 1;
    char names[64] = "";
    cl_kernel k;

    NEED_COMPILER();
    p = from_source(t, src);
    REQUIRE(p);
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    REQUIRE_OK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, NULL));
    REQUIRE(size > 0);
    bin = malloc(size);
    REQUIRE(bin);
    conf_defer_free(t, bin);
    REQUIRE_OK(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL));
    cbin = bin;
    REQUIRE_CREATE(
        q, clCreateProgramWithBinary(conf_context(t), 1, &t->device, &size, &cbin, &status, ERRP));
    conf_defer_program(t, q);
    CHECK_OK(status);
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_EXECUTABLE, binary_type(q, t->device));
    REQUIRE_OK(clBuildProgram(q, 1, &t->device, "", NULL, NULL));
    CHECK_OK(clGetProgramInfo(q, CL_PROGRAM_NUM_KERNELS, sizeof(nk), &nk, NULL));
    CHECK_EQ_U(2, nk);
    CHECK_OK(clGetProgramInfo(q, CL_PROGRAM_KERNEL_NAMES, sizeof(names), names, NULL));
    CHECK_MSG(strstr(names, "axpb") && strstr(names, "other"), "names \"%s\"", names);
    REQUIRE_CREATE(k, clCreateKernel(q, "axpb", ERRP));
    conf_defer_kernel(t, k);
    check_axpb(t, k);
}

static void binaries_object_roundtrip(conf_t *t)
{
    cl_program helper, user, in[2], exe;
    size_t size = 0;
    unsigned char *bin;
    const unsigned char *cbin;

    NEED_COMPILER();
    helper = compiled(t, helper_src, "-DCONF_ADD=5");
    user = compiled(t, user_src, "");
    REQUIRE(helper && user);
    REQUIRE_OK(clGetProgramInfo(helper, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, NULL));
    REQUIRE(size > 0);
    bin = malloc(size);
    REQUIRE(bin);
    conf_defer_free(t, bin);
    REQUIRE_OK(clGetProgramInfo(helper, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL));
    cbin = bin;
    REQUIRE_CREATE(
        in[0], clCreateProgramWithBinary(conf_context(t), 1, &t->device, &size, &cbin, NULL, ERRP));
    conf_defer_program(t, in[0]);
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT, binary_type(in[0], t->device));
    in[1] = user;
    REQUIRE_CREATE(exe, clLinkProgram(conf_context(t), 1, &t->device, "", 2, in, NULL, NULL, ERRP));
    conf_defer_program(t, exe);
    check_linked(t, exe);
}

static void binaries_invalid(conf_t *t)
{
    static const unsigned char garbage[64] = "this is not a program binary of any device at all";
    const unsigned char *bin = garbage;
    size_t size = sizeof(garbage);
    cl_int status = 1;

    CHECK_NULL_ERR(CL_INVALID_BINARY, clCreateProgramWithBinary(conf_context(t), 1, &t->device,
                                                                &size, &bin, &status, ERRP));
    CHECK_ERR(CL_INVALID_BINARY, status);
    size = 0;
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithBinary(conf_context(t), 1, &t->device,
                                                               &size, &bin, NULL, ERRP));
}

/* --- IL -------------------------------------------------------------------- */

static bool has_spirv(conf_t *t)
{
    char *il = conf_dev_string(t, t->device, CL_DEVICE_IL_VERSION);

    return il && strstr(il, "SPIR-V_1.0");
}

static void il_program(conf_t *t)
{
    cl_program p;
    cl_kernel k;
    size_t size = 0;
    uint32_t *back;

    if (!has_spirv(t))
        SKIP("the device accepts no SPIR-V 1.0 (CL_DEVICE_IL_VERSION)");
    REQUIRE_CREATE(p, clCreateProgramWithIL(conf_context(t), il_axpb, sizeof(il_axpb), ERRP));
    conf_defer_program(t, p);
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_IL, 0, NULL, &size));
    CHECK_EQ_U(sizeof(il_axpb), size);
    back = malloc(sizeof(il_axpb));
    REQUIRE(back);
    conf_defer_free(t, back);
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_IL, sizeof(il_axpb), back, NULL));
    CHECK_MEM_EQ(il_axpb, back, sizeof(il_axpb));
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    REQUIRE_CREATE(k, clCreateKernel(p, "il_axpb", ERRP));
    conf_defer_kernel(t, k);
    /* No argument information for programs not built from source. */
    {
        char name[32];

        CHECK_ERR(CL_KERNEL_ARG_INFO_NOT_AVAILABLE,
                  clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, sizeof(name), name, NULL));
    }
    check_axpb(t, k);
    /* Not a program from source or from IL with spec constants: CL_INVALID_SPEC_ID. */
    {
        cl_int v = 1;

        CHECK_ERR(CL_INVALID_SPEC_ID, clSetProgramSpecializationConstant(p, 7, sizeof(v), &v));
    }
}

/*
 * clCompileProgram accepts a program created from IL ("program ... created
 * with clCreateProgramWithSource or clCreateProgramWithIL"); the compiled
 * object links with objects compiled from source.
 */
static void il_compile_link(conf_t *t)
{
    static const char twice_src[] = "__kernel void twice(__global int *x)\n"
                                    "{\n"
                                    "    x[get_global_id(0)] *= 2;\n"
                                    "}\n";
    cl_program il, src, linked;
    cl_kernel k, k2;
    cl_int err;
    int out[N];

    if (!has_spirv(t))
        SKIP("the device accepts no SPIR-V 1.0 (CL_DEVICE_IL_VERSION)");
    NEED_COMPILER();
    REQUIRE_CREATE(il, clCreateProgramWithIL(conf_context(t), il_axpb, sizeof(il_axpb), ERRP));
    conf_defer_program(t, il);
    REQUIRE_OK(clCompileProgram(il, 1, &t->device, "", 0, NULL, NULL, NULL, NULL));
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT, binary_type(il, t->device));
    src = from_source(t, twice_src);
    REQUIRE(src);
    REQUIRE_OK(clCompileProgram(src, 1, &t->device, "", 0, NULL, NULL, NULL, NULL));
    cl_program inputs[2] = {il, src};
    linked = clLinkProgram(conf_context(t), 1, &t->device, "", 2, inputs, NULL, NULL, &err);
    REQUIRE_OK(err);
    REQUIRE(linked);
    conf_defer_program(t, linked);
    REQUIRE_CREATE(k, clCreateKernel(linked, "il_axpb", ERRP));
    conf_defer_kernel(t, k);
    REQUIRE_CREATE(k2, clCreateKernel(linked, "twice", ERRP));
    conf_defer_kernel(t, k2);
    check_axpb(t, k);
    /* both kernels of the linked program on one buffer: (3 i + 4) * 2 */
    cl_mem b = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(b);
    for (int i = 0; i < N; i++)
        out[i] = i;
    cl_int a = 3, c = 4;
    size_t g = N;
    REQUIRE_OK(clEnqueueWriteBuffer(conf_queue(t), b, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(b), &b));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(a), &a));
    REQUIRE_OK(clSetKernelArg(k, 2, sizeof(c), &c));
    REQUIRE_OK(clSetKernelArg(k2, 0, sizeof(b), &b));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k2, 1, NULL, &g, NULL, 0, NULL, NULL));
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), b, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    for (int i = 0; i < N; i++)
        CHECK_EQ_I((3 * i + 4) * 2, out[i]);
}

static void il_math_builtins(conf_t *t)
{
    cl_program p;
    cl_kernel k;
    cl_mem xb, yb;
    float x[N], y[N];
    size_t global = N;

    if (!has_spirv(t))
        SKIP("the device accepts no SPIR-V 1.0 (CL_DEVICE_IL_VERSION)");
    for (int i = 0; i < N; i++)
        x[i] = -8.0f + 0.25f * (float)i;
    REQUIRE_CREATE(p, clCreateProgramWithIL(conf_context(t), il_math, sizeof(il_math), ERRP));
    conf_defer_program(t, p);
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    REQUIRE_CREATE(k, clCreateKernel(p, "il_math", ERRP));
    conf_defer_kernel(t, k);
    REQUIRE_CREATE(xb, clCreateBuffer(conf_context(t), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                                      sizeof(x), x, ERRP));
    conf_defer_mem(t, xb);
    REQUIRE_CREATE(yb, clCreateBuffer(conf_context(t), CL_MEM_WRITE_ONLY, sizeof(y), NULL, ERRP));
    conf_defer_mem(t, yb);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(xb), &xb));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(yb), &yb));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &global, NULL, 0, NULL, NULL));
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), yb, CL_TRUE, 0, sizeof(y), y, 0, NULL, NULL));
    for (int i = 0; i < N; i++) {
        /* exp and sin are within 4 ulp each; the sum is checked to 1e-5 relative + 1e-6. */
        double want = exp((double)x[i]) + sin((double)x[i]);
        if (fabs(y[i] - want) > 1e-5 * fabs(want) + 1e-6) {
            conf_fail(t, __FILE__, __LINE__, "il_math(%g) = %.9g, want %.9g", (double)x[i],
                      (double)y[i], want);
            return;
        }
    }
}

static void il_invalid(conf_t *t)
{
    uint32_t bad[sizeof(il_axpb) / 4];
    cl_program p;
    char *log;

    if (!has_spirv(t))
        SKIP("the device accepts no SPIR-V 1.0 (CL_DEVICE_IL_VERSION)");
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithIL(conf_context(t), NULL, 20, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithIL(conf_context(t), il_axpb, 0, ERRP));
    memcpy(bad, il_axpb, sizeof(bad));
    bad[0] = 0x12345678;
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithIL(conf_context(t), bad, sizeof(bad), ERRP));
    /* A well-formed header, a body of garbage: the build fails with a log, nothing crashes. */
    memcpy(bad, il_axpb, sizeof(bad));
    for (size_t i = 5; i < sizeof(bad) / 4; i++)
        bad[i] = 0xdeadbeef ^ (uint32_t)(i * 2654435761u);
    p = clCreateProgramWithIL(conf_context(t), bad, sizeof(bad), NULL);
    if (!p)
        return; /* rejecting it at creation is allowed too */
    conf_defer_program(t, p);
    CHECK_ERR(CL_BUILD_PROGRAM_FAILURE, clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    log = build_log(t, p);
    CHECK_MSG(*log, "an empty build log for invalid SPIR-V");
    /* Truncated module. */
    p = clCreateProgramWithIL(conf_context(t), il_axpb, sizeof(il_axpb) / 2, NULL);
    if (p) {
        conf_defer_program(t, p);
        CHECK_ERR(CL_BUILD_PROGRAM_FAILURE, clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    }
}

static void spec_constant_errors(conf_t *t)
{
    cl_program p;
    cl_int v = 1;

    NEED_COMPILER();
    if (!has_spirv(t))
        SKIP("the device accepts no SPIR-V 1.0 (CL_DEVICE_IL_VERSION)");
    p = from_source(t, axpb_src);
    REQUIRE(p);
    /* CL_INVALID_PROGRAM if program is not a valid program object created from IL. */
    CHECK_ERR(CL_INVALID_PROGRAM, clSetProgramSpecializationConstant(p, 0, sizeof(v), &v));
    CHECK_ERR(CL_INVALID_PROGRAM, clSetProgramSpecializationConstant(NULL, 0, sizeof(v), &v));
}

/* --- kernels ------------------------------------------------------------- */

static void kernel_arg_info(conf_t *t)
{
    const char *src =
        "typedef struct { int a; float b; } pair_t;\n"
        "__kernel void k(__global const int *restrict in, volatile __global uint *out,\n"
        "                __constant float4 *c, __local int *scratch, uint n,\n"
        "                pair_t p, float2 f)\n"
        "{ out[0] = in[n] + (int)c[0].x + scratch[0] + p.a + (int)f.x; }\n";
    static const struct {
        const char *name, *type;
        cl_kernel_arg_address_qualifier addr;
        cl_kernel_arg_type_qualifier qual;
    } expect[] = {
        {"in", "int*", CL_KERNEL_ARG_ADDRESS_GLOBAL,
         CL_KERNEL_ARG_TYPE_CONST | CL_KERNEL_ARG_TYPE_RESTRICT},
        {"out", "uint*", CL_KERNEL_ARG_ADDRESS_GLOBAL, CL_KERNEL_ARG_TYPE_VOLATILE},
        {"c", "float4*", CL_KERNEL_ARG_ADDRESS_CONSTANT, CL_KERNEL_ARG_TYPE_CONST},
        {"scratch", "int*", CL_KERNEL_ARG_ADDRESS_LOCAL, CL_KERNEL_ARG_TYPE_NONE},
        {"n", "uint", CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_TYPE_NONE},
        {"p", "pair_t", CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_TYPE_NONE},
        {"f", "float2", CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_TYPE_NONE},
    };
    cl_kernel k, plain;
    cl_uint nargs = 0;

    NEED_COMPILER();
    k = conf_kernel_or_skip(t, src, "-cl-kernel-arg-info", "k");
    if (!k)
        return;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof(nargs), &nargs, NULL));
    CHECK_EQ_U(7, nargs);
    for (cl_uint i = 0; i < 7; i++) {
        char name[64] = "", type[64] = "";
        cl_kernel_arg_address_qualifier addr = 0;
        cl_kernel_arg_access_qualifier access = 0;
        cl_kernel_arg_type_qualifier qual = 0xff;

        CHECK_OK(clGetKernelArgInfo(k, i, CL_KERNEL_ARG_NAME, sizeof(name), name, NULL));
        CHECK_OK(clGetKernelArgInfo(k, i, CL_KERNEL_ARG_TYPE_NAME, sizeof(type), type, NULL));
        CHECK_OK(
            clGetKernelArgInfo(k, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof(addr), &addr, NULL));
        CHECK_OK(clGetKernelArgInfo(k, i, CL_KERNEL_ARG_ACCESS_QUALIFIER, sizeof(access), &access,
                                    NULL));
        CHECK_OK(clGetKernelArgInfo(k, i, CL_KERNEL_ARG_TYPE_QUALIFIER, sizeof(qual), &qual, NULL));
        CHECK_MSG(!strcmp(name, expect[i].name), "arg %u name \"%s\"", i, name);
        CHECK_MSG(!strcmp(type, expect[i].type), "arg %u type \"%s\", expected \"%s\"", i, type,
                  expect[i].type);
        CHECK_MSG(addr == expect[i].addr, "arg %u address qualifier 0x%x", i, addr);
        CHECK_EQ_U(CL_KERNEL_ARG_ACCESS_NONE, access);
        CHECK_MSG(qual == expect[i].qual, "arg %u type qualifier 0x%llx, expected 0x%llx", i,
                  (unsigned long long)qual, (unsigned long long)expect[i].qual);
    }
    CHECK_ERR(CL_INVALID_ARG_INDEX, clGetKernelArgInfo(k, 7, CL_KERNEL_ARG_NAME, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetKernelArgInfo(k, 0, 0x7777, 0, NULL, NULL));
    /* Without -cl-kernel-arg-info: not available. */
    plain = conf_kernel_or_skip(t, src, "", "k");
    if (plain) {
        char name[64];

        CHECK_ERR(CL_KERNEL_ARG_INFO_NOT_AVAILABLE,
                  clGetKernelArgInfo(plain, 0, CL_KERNEL_ARG_NAME, sizeof(name), name, NULL));
    }
}

static void kernel_create_errors(conf_t *t)
{
    const char *src = "__kernel void one(__global int *x) { x[0] = 1; }\n"
                      "__kernel void two(__global int *x, int v) { x[0] = v; }\n";
    cl_kernel ks[2] = {NULL, NULL};
    cl_uint n = 0;
    cl_program p;
    char name[16] = "";

    NEED_COMPILER();
    p = conf_build_or_skip(t, src);
    if (!p)
        return;
    CHECK_NULL_ERR(CL_INVALID_KERNEL_NAME, clCreateKernel(p, "three", ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateKernel(p, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_PROGRAM, clCreateKernel(NULL, "one", ERRP));
    CHECK_OK(clCreateKernelsInProgram(p, 0, NULL, &n));
    CHECK_EQ_U(2, n);
    CHECK_ERR(CL_INVALID_VALUE, clCreateKernelsInProgram(p, 1, ks, NULL));
    REQUIRE_OK(clCreateKernelsInProgram(p, 2, ks, &n));
    conf_defer_kernel(t, ks[0]);
    conf_defer_kernel(t, ks[1]);
    CHECK_OK(clGetKernelInfo(ks[0], CL_KERNEL_FUNCTION_NAME, sizeof(name), name, NULL));
    CHECK(!strcmp(name, "one") || !strcmp(name, "two"));
    {
        cl_kernel clone;

        REQUIRE_CREATE(clone, clCloneKernel(ks[1], ERRP));
        conf_defer_kernel(t, clone);
        CHECK_OK(clGetKernelInfo(clone, CL_KERNEL_FUNCTION_NAME, sizeof(name), name, NULL));
    }
}

static void set_kernel_arg_errors(conf_t *t)
{
    const char *src = "__kernel void k(__global int *x, __local int *l, int v, float4 f)\n"
                      "{ l[0] = v; barrier(CLK_LOCAL_MEM_FENCE); x[0] = l[0] + (int)f.x; }\n";
    cl_kernel k;
    cl_mem m;
    cl_int v = 1;
    cl_float f[4] = {0};
    cl_ulong local = 0, before = 0;

    NEED_COMPILER();
    k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    m = conf_buffer(t, CL_MEM_READ_WRITE, 64, NULL);
    REQUIRE(m);
    CHECK_ERR(CL_INVALID_ARG_INDEX, clSetKernelArg(k, 4, sizeof(v), &v));
    /* Memory objects: exactly sizeof(cl_mem); a NULL value is a NULL pointer. */
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 0, sizeof(m) + 1, &m));
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), NULL));
    {
        /* Another object type, not arbitrary memory: reading a handle that points at
         * something smaller than any object is undefined behaviour on every platform. */
        cl_mem not_mem = (cl_mem)k;

        CHECK_ERR(CL_INVALID_MEM_OBJECT, clSetKernelArg(k, 0, sizeof(not_mem), &not_mem));
    }
    /* __local: a size and no value. */
    CHECK_ERR(CL_INVALID_ARG_VALUE, clSetKernelArg(k, 1, 16, &v));
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 1, 0, NULL));
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_LOCAL_MEM_SIZE, sizeof(before),
                                      &before, NULL));
    CHECK_OK(clSetKernelArg(k, 1, 256, NULL));
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_LOCAL_MEM_SIZE, sizeof(local), &local,
                                      NULL));
    CHECK_MSG(local >= before + 256, "CL_KERNEL_LOCAL_MEM_SIZE %llu after a 256-byte argument",
              (unsigned long long)local);
    /* By value: the exact size. */
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 2, sizeof(v) * 2, &v));
    CHECK_ERR(CL_INVALID_ARG_VALUE, clSetKernelArg(k, 2, sizeof(v), NULL));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(v), &v));
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 3, sizeof(cl_float) * 3, f));
    CHECK_OK(clSetKernelArg(k, 3, sizeof(f), f));
    CHECK_ERR(CL_INVALID_KERNEL, clSetKernelArg(NULL, 0, sizeof(v), &v));
}

static void kernel_work_group_info(conf_t *t)
{
    const char *src = "__kernel __attribute__((reqd_work_group_size(8, 2, 1)))\n"
                      "void k(__global int *x) { x[get_global_id(0)] = 1; }\n";
    size_t wg = 0, reqd[3] = {0}, mult = 0,
           dev_max = conf_dev_size(t, t->device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
    cl_ulong priv = 0;
    cl_kernel k;

    NEED_COMPILER();
    k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wg), &wg, NULL));
    CHECK(wg >= 1 && wg <= dev_max);
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof(reqd),
                                      reqd, NULL));
    CHECK_EQ_U(8, reqd[0]);
    CHECK_EQ_U(2, reqd[1]);
    CHECK_EQ_U(1, reqd[2]);
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
                                      sizeof(mult), &mult, NULL));
    CHECK(mult >= 1);
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_PRIVATE_MEM_SIZE, sizeof(priv), &priv,
                                      NULL));
    /* CL_INVALID_VALUE: CL_KERNEL_GLOBAL_WORK_SIZE is for custom devices and built-in kernels. */
    if (!(conf_dev_ulong(t, t->device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_CUSTOM)) {
        size_t gws[3];

        CHECK_ERR(CL_INVALID_VALUE,
                  clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_GLOBAL_WORK_SIZE, sizeof(gws),
                                           gws, NULL));
    }
}

static int released[3], release_order;
static void CL_CALLBACK on_release(cl_program p, void *user_data)
{
    (void)p;
    released[(intptr_t)user_data] = ++release_order;
}

static void program_release_callback(conf_t *t)
{
    cl_program p;
    cl_int err;

    NEED_COMPILER();
    p = clCreateProgramWithSource(conf_context(t), 1, (const char *[]){axpb_src}, NULL, &err);
    REQUIRE(p);
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "", NULL, NULL));
    memset(released, 0, sizeof(released));
    release_order = 0;
    err = clSetProgramReleaseCallback(p, on_release, (void *)(intptr_t)1);
    if (err == CL_INVALID_OPERATION) {
        /* No device supports program-scope destructors: the callback is refused, so it is
         * never called; the argument checks still come first. */
        CHECK_ERR(CL_INVALID_PROGRAM, clSetProgramReleaseCallback(NULL, on_release, NULL));
        CHECK_ERR(CL_INVALID_VALUE, clSetProgramReleaseCallback(p, NULL, NULL));
        CHECK_OK(clReleaseProgram(p));
        CHECK_EQ_I(0, released[1]);
        return;
    }
    CHECK_OK(err);
    CHECK_OK(clSetProgramReleaseCallback(p, on_release, (void *)(intptr_t)2));
    CHECK_ERR(CL_INVALID_VALUE, clSetProgramReleaseCallback(p, NULL, NULL));
    CHECK_EQ_I(0, released[1]);
    CHECK_OK(clReleaseProgram(p));
    /* Last registered, first called. */
    CHECK_EQ_I(1, released[2]);
    CHECK_EQ_I(2, released[1]);
}

static void program_queries(conf_t *t)
{
    cl_program p;
    cl_bool ctors = CL_TRUE;
    size_t gsize = 1;

    NEED_COMPILER();
    p = conf_build_or_skip(t, axpb_src);
    if (!p)
        return;
    CHECK_OK(
        clGetProgramInfo(p, CL_PROGRAM_SCOPE_GLOBAL_CTORS_PRESENT, sizeof(ctors), &ctors, NULL));
    CHECK_EQ_U(CL_FALSE, ctors);
    CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE,
                                   sizeof(gsize), &gsize, NULL));
    CHECK_EQ_U(0, gsize);
}

static void program_scope_globals(conf_t *t)
{
    const char *src = "__global int counter = 5;\n"
                      "__kernel void k(__global int *x) { x[get_global_id(0)] = counter; }\n"
                      "__kernel void bump(void) { counter += 10; }\n";
    cl_program p;
    cl_kernel k, bump;
    size_t gsize = 0, one = 1;
    int out[N];

    NEED_COMPILER();
    if (!conf_has_c_feature(t, "__opencl_c_program_scope_global_variables"))
        SKIP("no __opencl_c_program_scope_global_variables");
    p = conf_build_opts_or_skip(t, src, "-cl-std=CL3.0");
    if (!p)
        return;
    CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE,
                                   sizeof(gsize), &gsize, NULL));
    CHECK(gsize >= sizeof(int));
    REQUIRE_CREATE(k, clCreateKernel(p, "k", ERRP));
    conf_defer_kernel(t, k);
    REQUIRE_CREATE(bump, clCreateKernel(p, "bump", ERRP));
    conf_defer_kernel(t, bump);
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), bump, 1, NULL, &one, NULL, 0, NULL, NULL));
    if (!run_ints(t, k, out))
        return;
    CHECK_EQ_I(15, out[0]);
}

static const struct conf_test tests[] = {
    CONF_TEST(build_success),
    CONF_TEST(build_failure_log),
    CONF_TEST(build_notify),
    CONF_TEST(build_and_run),
    CONF_TEST(build_div_rem),
    CONF_TEST(build_narrow_switch),
    CONF_TEST(build_options_query),
    CONF_TEST(option_define),
    CONF_TEST(option_include),
    CONF_TEST(option_cl_std),
    CONF_TEST(option_each_valid),
    CONF_TEST(link_options_each_valid),
    CONF_TEST(option_invalid),
    CONF_TEST(option_werror),
    CONF_TEST(compile_link),
    CONF_TEST(compile_headers),
    CONF_TEST(link_library),
    CONF_TEST(link_errors),
    CONF_TEST(binaries_roundtrip),
    CONF_TEST(binaries_object_roundtrip),
    CONF_TEST(binaries_invalid),
    CONF_TEST(il_program),
    CONF_TEST(il_math_builtins),
    CONF_TEST(il_compile_link),
    CONF_TEST(il_invalid),
    CONF_TEST(spec_constant_errors),
    CONF_TEST(kernel_arg_info),
    CONF_TEST(kernel_create_errors),
    CONF_TEST(set_kernel_arg_errors),
    CONF_TEST(kernel_work_group_info),
    CONF_TEST(program_release_callback),
    CONF_TEST(program_queries),
    CONF_TEST(program_scope_globals),
};
CONF_CATEGORY(conf_cat_compiler, "compiler",
              "program builds, options, compile/link, binaries, IL, kernel objects", tests);
