/* api: programs, kernels, kernel arguments, NDRange and native-kernel validation. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *k_src = "__kernel void add1(__global int *p, int v, __local int *l)\n"
                           "{\n"
                           "    size_t i = get_global_id(0);\n"
                           "    l[get_local_id(0)] = v;\n"
                           "    p[i] += l[get_local_id(0)];\n"
                           "}\n"
                           "__kernel void other(__global float *f) { f[0] = 1.0f; }\n";

void program_source_errors(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    const char *null_str = NULL;
    /* "CL_INVALID_VALUE if count is zero or if strings or any entry in strings is NULL." */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithSource(c, 0, &k_src, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithSource(c, 1, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithSource(c, 1, &null_str, NULL, ERRP));
    const char *two[2] = {k_src, NULL};
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithSource(c, 2, two, NULL, ERRP));

    /* lengths: 0 means NUL-terminated; source info concatenates the strings */
    const char *parts[2] = {"__kernel void a(){}xx", "\n__kernel void b(){}"};
    size_t lens[2] = {19, 0};
    cl_program p;
    REQUIRE_CREATE(p, clCreateProgramWithSource(c, 2, parts, lens, ERRP));
    conf_defer_program(t, p);
    char src[128] = "";
    size_t sz = 0;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_SOURCE, sizeof(src), src, &sz));
    CHECK(strcmp(src, "__kernel void a(){}\n__kernel void b(){}") == 0);
    CHECK_EQ_U(strlen(src) + 1, sz);
    cl_uint u = 0;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_NUM_DEVICES, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    cl_context pc = NULL;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_CONTEXT, sizeof(pc), &pc, NULL));
    CHECK_EQ_P(c, pc);
    cl_device_id dev = NULL;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_DEVICES, sizeof(dev), &dev, NULL));
    CHECK_EQ_P(t->device, dev);
    /* "CL_INVALID_PROGRAM_EXECUTABLE if param_name is CL_PROGRAM_NUM_KERNELS or
     * CL_PROGRAM_KERNEL_NAMES and a successful program executable has not been built" */
    size_t nk = 0;
    CHECK_ERR(CL_INVALID_PROGRAM_EXECUTABLE,
              clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof(nk), &nk, NULL));
    CHECK_ERR(CL_INVALID_PROGRAM_EXECUTABLE,
              clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, sizeof(src), src, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetProgramInfo(p, 0x7777, sizeof(u), &u, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetProgramInfo(p, CL_PROGRAM_REFERENCE_COUNT, 1, &u, NULL));
    /* "CL_INVALID_PROGRAM_EXECUTABLE if there is no successfully built executable for
     * program." */
    CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(p, "a", ERRP));
    cl_kernel ks[2];
    CHECK_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernelsInProgram(p, 2, ks, &u));
    cl_build_status bs = 1;
    CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_STATUS, sizeof(bs), &bs, NULL));
    CHECK_EQ_I(CL_BUILD_NONE, bs);
    CHECK_ERR(CL_INVALID_VALUE, clGetProgramBuildInfo(p, t->device, 0x7777, sizeof(bs), &bs, NULL));
    /* "CL_INVALID_DEVICE if device is not in the list of devices associated with program" */
    CHECK_ERR(CL_INVALID_DEVICE,
              clGetProgramBuildInfo(p, NULL, CL_PROGRAM_BUILD_STATUS, sizeof(bs), &bs, NULL));
    CHECK_OK(clRetainProgram(p));
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(2, u);
    CHECK_OK(clReleaseProgram(p));
}

void program_build_args(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_program p;
    REQUIRE_CREATE(p, clCreateProgramWithSource(c, 1, &k_src, NULL, ERRP));
    conf_defer_program(t, p);
    int ud = 0;
    cl_device_id nulldev = NULL;
    /* "CL_INVALID_VALUE if device_list is NULL and num_devices is greater than zero, or if
     * device_list is not NULL and num_devices is zero." */
    CHECK_ERR(CL_INVALID_VALUE, clBuildProgram(p, 1, NULL, NULL, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clBuildProgram(p, 0, &t->device, NULL, NULL, NULL));
    /* "CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clBuildProgram(p, 1, &t->device, NULL, NULL, &ud));
    CHECK_ERR(CL_INVALID_VALUE, clCompileProgram(p, 1, NULL, NULL, 0, NULL, NULL, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clCompileProgram(p, 1, &t->device, NULL, 0, NULL, NULL, NULL, &ud));
    /* "CL_INVALID_VALUE if num_input_headers is zero and header_include_names or
     * input_headers are not NULL" */
    const char *hname = "h.h";
    CHECK_ERR(CL_INVALID_VALUE,
              clCompileProgram(p, 1, &t->device, NULL, 0, NULL, &hname, NULL, NULL));
    /* "CL_INVALID_VALUE if num_input_programs is zero and input_programs is NULL or if
     * num_input_programs is zero and input_programs is not NULL or if num_input_programs
     * is not zero and input_programs is NULL." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clLinkProgram(c, 1, &t->device, NULL, 0, NULL, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clLinkProgram(c, 1, &t->device, NULL, 0, &p, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clLinkProgram(c, 1, &t->device, NULL, 1, NULL, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clLinkProgram(c, 1, &t->device, NULL, 1, &p, NULL, &ud, ERRP));
    /* last: some implementations crash on a NULL entry in device_list */
    /* "CL_INVALID_DEVICE if any device in device_list is not in the list of devices
     * associated with program." */
    CHECK_ERR(CL_INVALID_DEVICE, clBuildProgram(p, 1, &nulldev, NULL, NULL, NULL));
}

/* The same negative path both ways: without a compiler the spec fixes the error. */
void program_build(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_program p;
    REQUIRE_CREATE(p, clCreateProgramWithSource(c, 1, &k_src, NULL, ERRP));
    conf_defer_program(t, p);
    if (!conf_has_compiler(t)) {
        /* "CL_COMPILER_NOT_AVAILABLE if program is created with clCreateProgramWithSource
         * and a compiler is not available, i.e. CL_DEVICE_COMPILER_AVAILABLE specified in
         * the Device Queries table is set to CL_FALSE." */
        CHECK_ERR(CL_COMPILER_NOT_AVAILABLE, clBuildProgram(p, 1, &t->device, "", NULL, NULL));
        CHECK_ERR(CL_COMPILER_NOT_AVAILABLE,
                  clCompileProgram(p, 1, &t->device, "", 0, NULL, NULL, NULL, NULL));
        return;
    }
    /* "CL_INVALID_BUILD_OPTIONS if the build options specified by options are invalid." */
    CHECK_ERR(CL_INVALID_BUILD_OPTIONS,
              clBuildProgram(p, 1, &t->device, "-cl-no-such-option-hmmcl", NULL, NULL));
    REQUIRE_OK(clBuildProgram(p, 1, &t->device, "-cl-std=CL1.2", NULL, NULL));
    cl_build_status bs = 1;
    CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_STATUS, sizeof(bs), &bs, NULL));
    CHECK_EQ_I(CL_BUILD_SUCCESS, bs);
    cl_program_binary_type bt = 0;
    CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BINARY_TYPE, sizeof(bt), &bt, NULL));
    CHECK_EQ_U(CL_PROGRAM_BINARY_TYPE_EXECUTABLE, bt);
    char opts[64] = "";
    CHECK_OK(
        clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_OPTIONS, sizeof(opts), opts, NULL));
    CHECK(strcmp(opts, "-cl-std=CL1.2") == 0);
    size_t nk = 0;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof(nk), &nk, NULL));
    CHECK_EQ_U(2, nk);
    char names[64] = "";
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, sizeof(names), names, NULL));
    CHECK(strcmp(names, "add1;other") == 0 || strcmp(names, "other;add1") == 0);
    /* binaries round-trip through clCreateProgramWithBinary */
    size_t bsz = 0;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof(bsz), &bsz, NULL));
    if (bsz > 0) {
        unsigned char *bin = malloc(bsz);
        conf_defer_free(t, bin);
        CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL));
        const unsigned char *cbin = bin;
        cl_int status = 1;
        cl_program pb;
        REQUIRE_CREATE(pb, clCreateProgramWithBinary(c, 1, &t->device, &bsz, &cbin, &status, ERRP));
        conf_defer_program(t, pb);
        CHECK_EQ_I(CL_SUCCESS, status);
        CHECK_OK(clBuildProgram(pb, 1, &t->device, NULL, NULL, NULL));
        cl_kernel k;
        REQUIRE_CREATE(k, clCreateKernel(pb, "add1", ERRP));
        conf_defer_kernel(t, k);
    }
    /* a program with a syntax error */
    const char *broken = "__kernel void f(__global int *p) { p[0] = ; }";
    cl_program pf;
    REQUIRE_CREATE(pf, clCreateProgramWithSource(c, 1, &broken, NULL, ERRP));
    conf_defer_program(t, pf);
    CHECK_ERR(CL_BUILD_PROGRAM_FAILURE, clBuildProgram(pf, 1, &t->device, NULL, NULL, NULL));
    CHECK_OK(clGetProgramBuildInfo(pf, t->device, CL_PROGRAM_BUILD_STATUS, sizeof(bs), &bs, NULL));
    CHECK_EQ_I(CL_BUILD_ERROR, bs);
    size_t logsz = 0;
    CHECK_OK(clGetProgramBuildInfo(pf, t->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &logsz));
    CHECK(logsz > 1);
}

void program_binary_errors(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    const unsigned char junk[16] = "not a binary!!!";
    const unsigned char *bins[1] = {junk};
    size_t len = sizeof(junk), zero = 0;
    cl_int status = 1;
    cl_device_id nulldev = NULL;
    /* "CL_INVALID_VALUE if device_list is NULL or num_devices is zero." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 0, &t->device, &len, bins, &status, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 1, NULL, &len, bins, &status, ERRP));
    /* "CL_INVALID_DEVICE if any device in device_list is not in the list of devices
     * associated with context." */
    CHECK_NULL_ERR(CL_INVALID_DEVICE,
                   clCreateProgramWithBinary(c, 1, &nulldev, &len, bins, &status, ERRP));
    /* "CL_INVALID_VALUE if lengths or binaries is NULL or if any entry in lengths[i] is
     * zero or binaries[i] is NULL." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 1, &t->device, NULL, bins, &status, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 1, &t->device, &len, NULL, &status, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 1, &t->device, &zero, bins, &status, ERRP));
    const unsigned char *nullbin[1] = {NULL};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBinary(c, 1, &t->device, &len, nullbin, &status, ERRP));
    /* "CL_INVALID_BINARY if an invalid program binary was encountered for any device.
     * binary_status will return specific status for each device." */
    status = 1;
    CHECK_NULL_ERR(CL_INVALID_BINARY,
                   clCreateProgramWithBinary(c, 1, &t->device, &len, bins, &status, ERRP));
    CHECK_EQ_I(CL_INVALID_BINARY, status);
}

void program_il_and_builtin(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    const char *il = conf_dev_string(t, t->device, CL_DEVICE_IL_VERSION);
    static const uint32_t spirv_header[5] = {0x07230203, 0x00010000, 0, 1, 0};
    if (!il || !il[0]) {
        /* "CL_INVALID_OPERATION if no devices in context support intermediate language
         * programs." */
        CHECK_NULL_ERR(CL_INVALID_OPERATION,
                       clCreateProgramWithIL(c, spirv_header, sizeof(spirv_header), ERRP));
    } else {
        /* "CL_INVALID_VALUE if il is NULL or if length is zero." */
        CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithIL(c, NULL, 20, ERRP));
        CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithIL(c, spirv_header, 0, ERRP));
        /* "CL_INVALID_VALUE if the length-byte memory pointed to by il does not contain
         * well-formed intermediate language input appropriate for the deployment
         * environment in which the OpenCL platform is running." */
        static const char garbage[20] = "definitely not spv";
        CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithIL(c, garbage, 20, ERRP));
    }
    /* "CL_INVALID_VALUE if kernel_names is NULL or kernel_names contains a kernel name
     * that is not supported by any of the devices in device_list." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBuiltInKernels(c, 1, &t->device, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateProgramWithBuiltInKernels(
                                         c, 1, &t->device, "hmmcl_no_such_builtin", ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateProgramWithBuiltInKernels(c, 0, &t->device, "x", ERRP));
    /* a source program is not an IL program: "CL_INVALID_PROGRAM if program is not a
     * valid program object created from an intermediate language (e.g. SPIR-V)" */
    const char *src = "__kernel void k(){}";
    cl_program p;
    REQUIRE_CREATE(p, clCreateProgramWithSource(c, 1, &src, NULL, ERRP));
    conf_defer_program(t, p);
    cl_int v = 0;
    CHECK_ERR(CL_INVALID_PROGRAM, clSetProgramSpecializationConstant(p, 1, sizeof(v), &v));
    char ilbuf[4];
    size_t sz = 9;
    CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_IL, sizeof(ilbuf), ilbuf, &sz));
    CHECK_EQ_U(0, sz);
}

static void CL_CALLBACK prog_release_cb(cl_program p, void *ud)
{
    (void)p;
    (void)ud;
}

void program_release_callback(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    const char *src = "__kernel void k(){}";
    cl_program p;
    REQUIRE_CREATE(p, clCreateProgramWithSource(c, 1, &src, NULL, ERRP));
    conf_defer_program(t, p);
    /* "CL_INVALID_VALUE if pfn_notify is NULL." When the device has no program scope
     * globals, CL_INVALID_OPERATION (below) applies too and the spec does not order them. */
    /* Program-scope global constructors and destructors exist on OpenCL 2.2 devices only
     * (OpenCL-Docs#356; the CTS requires CL_INVALID_OPERATION of other devices, #903). */
    const char *ver = conf_dev_string(t, t->device, CL_DEVICE_VERSION);
    bool dtors = ver && !strncmp(ver, "OpenCL 2.2", 10);
    cl_int nerr = clSetProgramReleaseCallback(p, NULL, NULL);
    if (!dtors)
        CHECK(nerr == CL_INVALID_VALUE || nerr == CL_INVALID_OPERATION);
    else
        CHECK_ERR(CL_INVALID_VALUE, nerr);
    /* "CL_INVALID_OPERATION if no devices in the context associated with program support
     * destructors for program scope global variables." */
    cl_int err = clSetProgramReleaseCallback(p, prog_release_cb, NULL);
    if (!dtors)
        CHECK_ERR(CL_INVALID_OPERATION, err);
    else
        CHECK_OK(err);
}

/* builds k_src, or records a SKIP */
static cl_kernel add1_kernel(conf_t *t)
{
    cl_program p = conf_build_or_skip(t, k_src);
    if (!p)
        return NULL;
    cl_int err = 1;
    cl_kernel k = clCreateKernel(p, "add1", &err);
    if (!k)
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel: %s", conf_err_name(err));
    conf_defer_kernel(t, k);
    return k;
}

void kernel_create_errors(conf_t *t)
{
    cl_program p = conf_build_or_skip(t, k_src);
    if (!p)
        return;
    /* "CL_INVALID_VALUE if kernel_name is NULL." */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateKernel(p, NULL, ERRP));
    /* "CL_INVALID_KERNEL_NAME if kernel_name is not found in program." */
    CHECK_NULL_ERR(CL_INVALID_KERNEL_NAME, clCreateKernel(p, "nope", ERRP));
    cl_kernel ks[2] = {NULL, NULL};
    cl_uint n = 0;
    /* "CL_INVALID_VALUE if kernels is not NULL and num_kernels is less than the number of
     * kernels in program." */
    CHECK_ERR(CL_INVALID_VALUE, clCreateKernelsInProgram(p, 1, ks, &n));
    CHECK_OK(clCreateKernelsInProgram(p, 0, NULL, &n));
    CHECK_EQ_U(2, n);
    CHECK_OK(clCreateKernelsInProgram(p, 2, ks, &n));
    for (int i = 0; i < 2; i++)
        conf_defer_kernel(t, ks[i]);
    cl_kernel k = add1_kernel(t);
    REQUIRE(k);
    char name[16] = "";
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_FUNCTION_NAME, sizeof(name), name, NULL));
    CHECK(strcmp(name, "add1") == 0);
    cl_uint u = 0;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof(u), &u, NULL));
    CHECK_EQ_U(3, u);
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    cl_context kc = NULL;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_CONTEXT, sizeof(kc), &kc, NULL));
    CHECK_EQ_P(conf_context(t), kc);
    CHECK_ERR(CL_INVALID_VALUE, clGetKernelInfo(k, 0x7777, sizeof(u), &u, NULL));
    size_t wg = 0;
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wg), &wg, NULL));
    CHECK(wg >= 1 && wg <= conf_dev_size(t, t->device, CL_DEVICE_MAX_WORK_GROUP_SIZE));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelWorkGroupInfo(k, t->device, 0x7777, sizeof(wg), &wg, NULL));
    /* "CL_INVALID_VALUE if param_name is CL_KERNEL_GLOBAL_WORK_SIZE and device is not a
     * custom device and kernel is not a built-in kernel." */
    size_t gws[3];
    CHECK_ERR(CL_INVALID_VALUE, clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_GLOBAL_WORK_SIZE,
                                                         sizeof(gws), gws, NULL));
    /* arg info needs -cl-kernel-arg-info: "CL_KERNEL_ARG_INFO_NOT_AVAILABLE if the
     * argument information is not available for kernel." is allowed, or real info */
    cl_kernel_arg_address_qualifier aq = 0;
    cl_int err = clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof(aq), &aq, NULL);
    CHECK(err == CL_SUCCESS || err == CL_KERNEL_ARG_INFO_NOT_AVAILABLE);
    if (err == CL_SUCCESS)
        CHECK_EQ_U(CL_KERNEL_ARG_ADDRESS_GLOBAL, aq);
    /* "CL_INVALID_ARG_INDEX if arg_index is not a valid argument index." */
    CHECK_ERR(CL_INVALID_ARG_INDEX,
              clGetKernelArgInfo(k, 3, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof(aq), &aq, NULL));
}

void kernel_args(conf_t *t)
{
    cl_kernel k = add1_kernel(t);
    if (!k)
        return;
    cl_context c = conf_context(t);
    cl_int v = 3;
    cl_mem m = clCreateBuffer(c, CL_MEM_READ_WRITE, 256, NULL, NULL);
    conf_defer_mem(t, m);
    /* "CL_INVALID_ARG_INDEX if arg_index is not a valid argument index." */
    CHECK_ERR(CL_INVALID_ARG_INDEX, clSetKernelArg(k, 3, sizeof(v), &v));
    /* "CL_INVALID_ARG_SIZE if arg_size does not match the size of the data type for an
     * argument that is not a memory object ..." */
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 1, 2, &v));
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 0, 3, &m));
    /* "CL_INVALID_ARG_VALUE if arg_value specified is not a valid value" (NULL for a
     * non-local, non-memory argument) */
    CHECK_ERR(CL_INVALID_ARG_VALUE, clSetKernelArg(k, 1, sizeof(v), NULL));
    /* "... or if the argument is declared with the local qualifier and arg_value is not
     * NULL" */
    CHECK_ERR(CL_INVALID_ARG_VALUE, clSetKernelArg(k, 2, 16, &v));
    /* "CL_INVALID_ARG_SIZE ... If the argument is declared with the local qualifier, if
     * arg_size is 0." */
    CHECK_ERR(CL_INVALID_ARG_SIZE, clSetKernelArg(k, 2, 0, NULL));
    /* "CL_INVALID_MEM_OBJECT for an argument declared to be a memory object when the
     * specified arg_value is not a valid memory object." A queue is not a mem object. */
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    CHECK_ERR(CL_INVALID_MEM_OBJECT, clSetKernelArg(k, 0, sizeof(q), &q));
    /* NULL buffer is allowed for global pointers */
    cl_mem nullmem = NULL;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(nullmem), &nullmem));
    CHECK_OK(clSetKernelArg(k, 0, sizeof(cl_mem), NULL));

    /* "CL_INVALID_KERNEL_ARGS if the kernel argument values have not been specified." */
    cl_kernel k2;
    cl_program prog = NULL;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_PROGRAM, sizeof(prog), &prog, NULL));
    REQUIRE_CREATE(k2, clCreateKernel(prog, "add1", ERRP));
    conf_defer_kernel(t, k2);
    size_t gws = 16, lws = 4;
    CHECK_ERR(CL_INVALID_KERNEL_ARGS,
              clEnqueueNDRangeKernel(q, k2, 1, NULL, &gws, &lws, 0, NULL, NULL));

    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    CHECK_OK(clSetKernelArg(k, 2, 16 * sizeof(cl_int), NULL));
    /* "CL_INVALID_WORK_DIMENSION if work_dim is not a valid value (i.e. a value between
     * 1 and CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS)." */
    CHECK_ERR(CL_INVALID_WORK_DIMENSION,
              clEnqueueNDRangeKernel(q, k, 0, NULL, &gws, &lws, 0, NULL, NULL));
    size_t g4[4] = {16, 1, 1, 1};
    cl_uint maxdim = conf_dev_uint(t, t->device, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
    CHECK_ERR(CL_INVALID_WORK_DIMENSION,
              clEnqueueNDRangeKernel(q, k, maxdim + 1, NULL, g4, NULL, 0, NULL, NULL));
    /* "CL_INVALID_WORK_GROUP_SIZE if local_work_size is specified and the total number of
     * work-items in the work-group ... is greater than the value specified by
     * CL_KERNEL_WORK_GROUP_SIZE" */
    size_t kwg = 0;
    clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(kwg), &kwg, NULL);
    size_t big = kwg * 2, gbig = kwg * 2;
    CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
              clEnqueueNDRangeKernel(q, k, 1, NULL, &gbig, &big, 0, NULL, NULL));
    /* "CL_INVALID_WORK_GROUP_SIZE if the work-group size must be uniform and ... the
     * global_work_size is not evenly divisible by the local_work_size": the case for every
     * program built with -cl-std=CL1.2, whatever the implementation's default version. */
    cl_kernel k12 = conf_kernel_or_skip(t, k_src, "-cl-std=CL1.2", "add1");
    if (k12) {
        size_t g15 = 15;
        CHECK_OK(clSetKernelArg(k12, 0, sizeof(m), &m));
        CHECK_OK(clSetKernelArg(k12, 1, sizeof(v), &v));
        CHECK_OK(clSetKernelArg(k12, 2, lws * sizeof(cl_int), NULL));
        CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                  clEnqueueNDRangeKernel(q, k12, 1, NULL, &g15, &lws, 0, NULL, NULL));
    }
    /* "CL_INVALID_EVENT_WAIT_LIST if event_wait_list is NULL and num_events_in_wait_list >
     * 0, or event_wait_list is not NULL and num_events_in_wait_list is 0" */
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST,
              clEnqueueNDRangeKernel(q, k, 1, NULL, &gws, &lws, 1, NULL, NULL));

    /* run it: p[i] += v over 64 ints */
    cl_int init[64], out[64];
    for (int i = 0; i < 64; i++)
        init[i] = i;
    CHECK_OK(clEnqueueWriteBuffer(q, m, CL_TRUE, 0, sizeof(init), init, 0, NULL, NULL));
    size_t g64 = 64;
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g64, &lws, 0, NULL, NULL));
    /* clCloneKernel copies argument values */
    cl_kernel kc;
    REQUIRE_CREATE(kc, clCloneKernel(k, ERRP));
    conf_defer_kernel(t, kc);
    CHECK_OK(clEnqueueNDRangeKernel(q, kc, 1, NULL, &g64, NULL, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    bool ok = true;
    for (int i = 0; i < 64; i++)
        ok &= out[i] == i + 6;
    CHECK_MSG(ok, "kernel results wrong: out[0]=%d out[63]=%d", out[0], out[63]);
    /* deprecated clEnqueueTask is an NDRange of one work-item */
    CHECK_OK(clEnqueueTask(q, k, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_EQ_I(9, out[0]);
    CHECK_EQ_I(7, out[1]);
}

/* -cl-std asks for a version of OpenCL C; one the device does not report fails to compile. */
void program_cl_std_unsupported(conf_t *t)
{
    if (!conf_has_compiler(t))
        SKIP("no compiler (CL_DEVICE_COMPILER_AVAILABLE is CL_FALSE)");
    cl_context c = conf_context(t);
    REQUIRE(c);
    const char *cv = conf_dev_string(t, t->device, CL_DEVICE_OPENCL_C_VERSION);
    unsigned cmaj = 0, cmin = 0;
    REQUIRE(cv && sscanf(cv, "OpenCL C %u.%u", &cmaj, &cmin) == 2);
    static const struct {
        unsigned major, minor;
        const char *option;
    } stds[] = {
        {1, 1, "-cl-std=CL1.1"},
        {1, 2, "-cl-std=CL1.2"},
        {2, 0, "-cl-std=CL2.0"},
        {3, 0, "-cl-std=CL3.0"},
    };
    unsigned checked = 0;
    for (size_t i = 0; i < sizeof(stds) / sizeof(stds[0]); i++) {
        bool older = cmaj < stds[i].major || (cmaj == stds[i].major && cmin < stds[i].minor);
        if (conf_has_c_version(t, stds[i].major, stds[i].minor) || !older)
            continue;
        /* "Calls to clBuildProgram or clCompileProgram with the -cl-std=CL2.0 option will
         * fail to compile the program for any devices with CL_DEVICE_OPENCL_C_VERSION equal
         * to OpenCL C 1.0, OpenCL C 1.1, or OpenCL C 1.2, and when
         * CL_DEVICE_OPENCL_C_ALL_VERSIONS does not include OpenCL C 2.0" (and the same for
         * each version). Which error the failure is the spec leaves to the compiler's
         * outcome: a failed build or options it calls invalid. */
        checked++;
        cl_program p;
        REQUIRE_CREATE(p, clCreateProgramWithSource(c, 1, &k_src, NULL, ERRP));
        conf_defer_program(t, p);
        cl_int err = clBuildProgram(p, 1, &t->device, stds[i].option, NULL, NULL);
        CHECK_MSG(err == CL_BUILD_PROGRAM_FAILURE || err == CL_INVALID_BUILD_OPTIONS,
                  "clBuildProgram(\"%s\") on \"%s\": %s", stds[i].option, cv, conf_err_name(err));
        cl_build_status bs = CL_BUILD_SUCCESS;
        CHECK_OK(
            clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_STATUS, sizeof(bs), &bs, NULL));
        CHECK_EQ_I(CL_BUILD_ERROR, bs);
        CHECK_NULL_ERR(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(p, "add1", ERRP));
        cl_program o;
        REQUIRE_CREATE(o, clCreateProgramWithSource(c, 1, &k_src, NULL, ERRP));
        conf_defer_program(t, o);
        err = clCompileProgram(o, 1, &t->device, stds[i].option, 0, NULL, NULL, NULL, NULL);
        CHECK_MSG(err == CL_COMPILE_PROGRAM_FAILURE || err == CL_INVALID_COMPILER_OPTIONS,
                  "clCompileProgram(\"%s\") on \"%s\": %s", stds[i].option, cv, conf_err_name(err));
    }
    if (!checked)
        SKIP("the device reports every OpenCL C version up to %u.%u", cmaj, cmin);
}

/* Compiles k_src with @options and links it alone with @link_options; NULL (failure recorded). */
static cl_program compile_and_link(conf_t *t, const char *options, const char *link_options)
{
    cl_context c = conf_context(t);
    cl_int err = 1;
    cl_program obj = clCreateProgramWithSource(c, 1, &k_src, NULL, &err);
    if (!obj) {
        conf_fail(t, __FILE__, __LINE__, "clCreateProgramWithSource: %s", conf_err_name(err));
        return NULL;
    }
    conf_defer_program(t, obj);
    err = clCompileProgram(obj, 1, &t->device, options, 0, NULL, NULL, NULL, NULL);
    if (err) {
        conf_fail(t, __FILE__, __LINE__, "clCompileProgram(\"%s\"): %s", options,
                  conf_err_name(err));
        return NULL;
    }
    cl_program linked = clLinkProgram(c, 1, &t->device, link_options, 1, &obj, NULL, NULL, &err);
    if (linked)
        conf_defer_program(t, linked);
    if (err) {
        conf_fail(t, __FILE__, __LINE__, "clLinkProgram: %s", conf_err_name(err));
        return NULL;
    }
    return linked;
}

/* add1 of @p with its arguments set over @m (at least 16 ints); NULL (failure recorded). */
static cl_kernel add1_of(conf_t *t, cl_program p, cl_mem m)
{
    cl_int err = 1, v = 1;
    cl_kernel k = clCreateKernel(p, "add1", &err);
    if (!k) {
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel: %s", conf_err_name(err));
        return NULL;
    }
    conf_defer_kernel(t, k);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    CHECK_OK(clSetKernelArg(k, 2, 4 * sizeof(cl_int), NULL));
    return k;
}

/* The uniform work-group rule follows a kernel through clCompileProgram and clLinkProgram. */
void program_link_uniform_work_groups(conf_t *t)
{
    if (!conf_has_compiler(t))
        SKIP("no compiler (CL_DEVICE_COMPILER_AVAILABLE is CL_FALSE)");
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, 16 * sizeof(cl_int), NULL);
    REQUIRE(m);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    const size_t g15 = 15, l4 = 4;
    /* "CL_INVALID_WORK_GROUP_SIZE if the work-group size must be uniform and the
     * local_work_size is not NULL, [...] or the global_work_size is not evenly divisible by
     * the local_work_size." It must be for kernels compiled for OpenCL C 1.x (non-uniform
     * work-groups are an OpenCL C 2.0 feature) or with -cl-uniform-work-group-size, also
     * when the compiled object is then linked into an executable. */
    cl_program p12 = compile_and_link(t, "-cl-std=CL1.2", NULL);
    cl_kernel k12 = p12 ? add1_of(t, p12, m) : NULL;
    if (k12)
        CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                  clEnqueueNDRangeKernel(q, k12, 1, NULL, &g15, &l4, 0, NULL, NULL));
    /* ... and through its binary: a program built from it is the same program. */
    size_t bsize = 0;
    unsigned char *bin = NULL;
    if (p12 && !clGetProgramInfo(p12, CL_PROGRAM_BINARY_SIZES, sizeof(bsize), &bsize, NULL) &&
        bsize && (bin = malloc(bsize))) {
        conf_defer_free(t, bin);
        CHECK_OK(clGetProgramInfo(p12, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL));
        const unsigned char *bins[1] = {bin};
        cl_int st = 1, err = 1;
        cl_program pb =
            clCreateProgramWithBinary(conf_context(t), 1, &t->device, &bsize, bins, &st, &err);
        CHECK_OK(err);
        if (pb) {
            conf_defer_program(t, pb);
            CHECK_OK(clBuildProgram(pb, 1, &t->device, NULL, NULL, NULL));
            cl_kernel kb = add1_of(t, pb, m);
            if (kb)
                CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                          clEnqueueNDRangeKernel(q, kb, 1, NULL, &g15, &l4, 0, NULL, NULL));
        }
    }
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("OpenCL C 1.2 link checked; the device compiles no OpenCL C 2.0+");
    char opts[64];
    snprintf(opts, sizeof(opts), "%s -cl-uniform-work-group-size", std);
    cl_program pu = compile_and_link(t, opts, NULL);
    cl_kernel ku = pu ? add1_of(t, pu, m) : NULL;
    if (ku)
        CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                  clEnqueueNDRangeKernel(q, ku, 1, NULL, &g15, &l4, 0, NULL, NULL));
    /* A library of a 1.2 object keeps the rule into the executable linked from it. */
    cl_program lib = compile_and_link(t, "-cl-std=CL1.2", "-create-library");
    cl_int err = 1;
    cl_program pl =
        lib ? clLinkProgram(conf_context(t), 1, &t->device, NULL, 1, &lib, NULL, NULL, &err) : NULL;
    if (lib) {
        CHECK_OK(err);
        conf_defer_program(t, pl);
    }
    cl_kernel kl = pl ? add1_of(t, pl, m) : NULL;
    if (kl)
        CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                  clEnqueueNDRangeKernel(q, kl, 1, NULL, &g15, &l4, 0, NULL, NULL));
    if (!conf_dev_bool(t, t->device, CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT))
        SKIP("CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT is CL_FALSE (the uniform rule was "
             "checked)");
    /* Compiled for OpenCL C 2.0+ without the option, the linked kernel runs non-uniform. */
    cl_program p2 = compile_and_link(t, std, NULL);
    cl_kernel k2 = p2 ? add1_of(t, p2, m) : NULL;
    if (k2) {
        cl_int zero[16] = {0}, out[16];
        CHECK_OK(clEnqueueWriteBuffer(q, m, CL_TRUE, 0, sizeof(zero), zero, 0, NULL, NULL));
        CHECK_OK(clEnqueueNDRangeKernel(q, k2, 1, NULL, &g15, &l4, 0, NULL, NULL));
        CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
        CHECK_EQ_I(1, out[14]);
        CHECK_EQ_I(0, out[15]);
    }
}

void kernel_exec_info(conf_t *t)
{
    cl_kernel k = add1_kernel(t);
    if (!k)
        return;
    cl_bool b = CL_TRUE;
    /* "CL_INVALID_VALUE if param_name is not valid, if param_value is NULL or if the size
     * specified by param_value_size is not valid." */
    CHECK_ERR(CL_INVALID_VALUE, clSetKernelExecInfo(k, 0x7777, sizeof(b), &b));
    CHECK_ERR(CL_INVALID_VALUE,
              clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(b), NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, 1, &b));
    cl_device_svm_capabilities svm = conf_svm_caps(t);
    cl_int err = clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(b), &b);
    /* "CL_INVALID_OPERATION if param_name is CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM and
     * param_value is CL_TRUE but no devices in the context associated with kernel support
     * fine-grain system SVM allocations." */
    if (svm & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)
        CHECK_OK(err);
    else
        CHECK_ERR(CL_INVALID_OPERATION, err);
    b = CL_FALSE;
    if (svm)
        CHECK_OK(clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(b), &b));
    void *ptrs[1] = {NULL};
    if (svm) {
        ptrs[0] = clSVMAlloc(conf_context(t), CL_MEM_READ_WRITE, 64, 0);
        conf_defer_svm(t, conf_context(t), ptrs[0]);
        CHECK_OK(clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_PTRS, sizeof(ptrs), ptrs));
        CHECK_OK(clSetKernelArgSVMPointer(k, 0, ptrs[0]));
    } else {
        /* "CL_INVALID_OPERATION if no devices in the context associated with kernel
         * support SVM." */
        CHECK_ERR(CL_INVALID_OPERATION,
                  clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_PTRS, sizeof(ptrs), ptrs));
        CHECK_ERR(CL_INVALID_OPERATION, clSetKernelArgSVMPointer(k, 0, NULL));
    }
    if (svm) {
        /* "CL_INVALID_ARG_INDEX if arg_index is not a valid argument index." */
        CHECK_ERR(CL_INVALID_ARG_INDEX, clSetKernelArgSVMPointer(k, 7, ptrs[0]));
    }
}

void kernel_subgroup_info(conf_t *t)
{
    cl_kernel k = add1_kernel(t);
    if (!k)
        return;
    size_t in = 16, out = 0;
    cl_int err = clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE,
                                         sizeof(in), &in, sizeof(out), &out, NULL);
    if (conf_dev_uint(t, t->device, CL_DEVICE_MAX_NUM_SUB_GROUPS) == 0) {
        /* "CL_INVALID_OPERATION if device does not support subgroups." */
        CHECK_ERR(CL_INVALID_OPERATION, err);
    } else {
        CHECK_OK(err);
        CHECK_ERR(CL_INVALID_VALUE, clGetKernelSubGroupInfo(k, t->device, 0x7777, sizeof(in), &in,
                                                            sizeof(out), &out, NULL));
    }
}

struct native_args {
    cl_mem mem; /* replaced by a pointer to the buffer contents */
    int add;
};

static void CL_CALLBACK native_add(void *args)
{
    struct native_args *a = args;
    int *p = (int *)(void *)a->mem;
    for (int i = 0; i < 16; i++)
        p[i] += a->add;
}

static void CL_CALLBACK native_noop(void *args)
{
    (void)args;
}

void native_kernel(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_mem m;
    int init[16];
    for (int i = 0; i < 16; i++)
        init[i] = i;
    REQUIRE_CREATE(m, clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                                     sizeof(init), init, ERRP));
    conf_defer_mem(t, m);
    struct native_args a = {m, 5};
    const void *loc[1] = {&a.mem};
    if (!conf_has_native_kernels(t)) {
        /* "CL_INVALID_OPERATION if the device associated with command_queue cannot execute
         * the native kernel." */
        CHECK_ERR(CL_INVALID_OPERATION,
                  clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 1, &m, loc, 0, NULL, NULL));
        SKIP("device lacks CL_EXEC_NATIVE_KERNEL (CL_INVALID_OPERATION checked)");
    }
    /* "CL_INVALID_VALUE if user_func is NULL." */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, NULL, &a, sizeof(a), 1, &m, loc, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if args is a NULL value and cb_args > 0, or if args is a NULL value
     * and num_mem_objects > 0." */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_noop, NULL, 8, 0, NULL, NULL, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_add, NULL, 0, 1, &m, loc, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if args is not NULL and cb_args is 0." */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_noop, &a, 0, 0, NULL, NULL, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if num_mem_objects > 0 and mem_list or args_mem_loc are NULL." */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 1, NULL, loc, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 1, &m, NULL, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if num_mem_objects = 0 and mem_list or args_mem_loc are not NULL." */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 0, &m, NULL, 0, NULL, NULL));
    /* "CL_INVALID_MEM_OBJECT if one or more memory objects specified in mem_list are not
     * valid or are not buffer objects." */
    cl_mem nullm = NULL;
    CHECK_ERR(CL_INVALID_MEM_OBJECT,
              clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 1, &nullm, loc, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST,
              clEnqueueNativeKernel(q, native_noop, NULL, 0, 0, NULL, NULL, 1, NULL, NULL));
    cl_event e = NULL;
    CHECK_OK(clEnqueueNativeKernel(q, native_add, &a, sizeof(a), 1, &m, loc, 0, NULL, &e));
    /* args are copied at enqueue time: changing ours must not matter */
    a.add = 1000;
    conf_defer_event(t, e);
    int out[16];
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    bool ok = true;
    for (int i = 0; i < 16; i++)
        ok &= out[i] == i + 5;
    CHECK_MSG(ok, "native kernel result: out[0]=%d out[15]=%d", out[0], out[15]);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_NATIVE_KERNEL, ct);
}
