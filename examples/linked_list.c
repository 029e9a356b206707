/* SPDX-License-Identifier: MIT */
/*
 * linked_list: pointers stored inside data, shared by host and device.
 *
 * The host builds a singly linked list with malloc. A kernel receives only
 * the head: work-item i chases i `next` pointers to node i, doubles its
 * value, counts the visit and stores the node's address in an array (a
 * device-written pointer the host then dereferences). A second kernel, one
 * work-item, reverses the list in place by rewriting the `next` pointers.
 * The host checks every value, every stored pointer and the reversed order.
 *
 *     linked_list [--platform NAME] [--device-type TYPE] [--nodes N]
 *
 * Needs CL_DEVICE_SVM_FINE_GRAIN_SYSTEM: the nodes are reached through
 * pointers in memory, never passed as arguments. Exits non-zero on error.
 */
#include "example.h"

#define DEFAULT_NODES 1000

struct node {
    struct node *next;
    int value;
    int visits;
};

static const char list_src[] =
    "struct node { global struct node *next; int value; int visits; };\n"
    "kernel void visit(global struct node *head, global struct node *global *found)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    global struct node *n = head;\n"
    "    for (size_t k = 0; k < i && n; k++)\n"
    "        n = n->next;\n"
    "    if (!n)\n"
    "        return;\n"
    "    n->value *= 2;\n"
    "    atomic_inc(&n->visits);\n"
    "    found[i] = n;\n"
    "}\n"
    "kernel void reverse(global struct node *head, global struct node *global *new_head)\n"
    "{\n"
    "    global struct node *prev = 0, *n = head;\n"
    "    while (n) {\n"
    "        global struct node *next = n->next;\n"
    "        n->next = prev;\n"
    "        prev = n;\n"
    "        n = next;\n"
    "    }\n"
    "    *new_head = prev;\n"
    "}\n";

static int set_system_svm(const struct example *ex, cl_kernel k)
{
    cl_bool yes = CL_TRUE;

    return EXAMPLE_FAILED(
        ex, clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(yes), &yes),
        "clSetKernelExecInfo");
}

int main(int argc, char **argv)
{
    struct example ex;
    cl_kernel visit = NULL, reverse = NULL;
    struct node **nodes = NULL, **found = NULL, *head = NULL, *new_head = NULL;
    size_t n = DEFAULT_NODES;
    int status = 1, bad = 0;

    if (example_open(&ex, "linked_list", &argc, argv, 0))
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--nodes") && i + 1 < argc) {
            n = strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr,
                    "usage: linked_list [--platform NAME] [--device-type TYPE] [--nodes N]\n");
            return 2;
        }
    }
    if (n < 1 || n > 1000000) {
        fprintf(stderr, "linked_list: --nodes must be 1..1000000\n");
        return 2;
    }
    if (!example_has_svm(&ex, CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)) {
        fprintf(stderr, "linked_list: the device does not report "
                        "CL_DEVICE_SVM_FINE_GRAIN_SYSTEM\n");
        goto out;
    }
    visit = example_kernel(&ex, list_src, "", "visit");
    reverse = example_kernel(&ex, list_src, "", "reverse");
    if (!visit || !reverse || set_system_svm(&ex, visit) || set_system_svm(&ex, reverse))
        goto out;

    /* One malloc per node, so the list is scattered over the heap like a real one. */
    nodes = calloc(n, sizeof(*nodes));
    found = calloc(n, sizeof(*found));
    if (!nodes || !found)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        nodes[i] = malloc(sizeof(struct node));
        if (!nodes[i])
            goto oom;
        nodes[i]->value = (int)i - 7;
        nodes[i]->visits = 0;
    }
    for (size_t i = 0; i < n; i++)
        nodes[i]->next = i + 1 < n ? nodes[i + 1] : NULL;
    head = nodes[0];

    size_t global = n, one = 1;
    if (EXAMPLE_FAILED(&ex, clSetKernelArgSVMPointer(visit, 0, head), "clSetKernelArgSVMPointer") ||
        EXAMPLE_FAILED(&ex, clSetKernelArgSVMPointer(visit, 1, found),
                       "clSetKernelArgSVMPointer") ||
        EXAMPLE_FAILED(
            &ex, clEnqueueNDRangeKernel(ex.queue, visit, 1, NULL, &global, NULL, 0, NULL, NULL),
            "clEnqueueNDRangeKernel(visit)") ||
        EXAMPLE_FAILED(&ex, clSetKernelArgSVMPointer(reverse, 0, head),
                       "clSetKernelArgSVMPointer") ||
        EXAMPLE_FAILED(&ex, clSetKernelArgSVMPointer(reverse, 1, &new_head),
                       "clSetKernelArgSVMPointer") ||
        EXAMPLE_FAILED(
            &ex, clEnqueueNDRangeKernel(ex.queue, reverse, 1, NULL, &one, NULL, 0, NULL, NULL),
            "clEnqueueNDRangeKernel(reverse)") ||
        EXAMPLE_FAILED(&ex, clFinish(ex.queue), "clFinish"))
        goto out;

    for (size_t i = 0; i < n && bad < 5; i++) {
        if (found[i] != nodes[i] || nodes[i]->value != 2 * ((int)i - 7) || nodes[i]->visits != 1) {
            fprintf(stderr, "linked_list: node %zu: found %p (expected %p), value %d, visits %d\n",
                    i, (void *)found[i], (void *)nodes[i], nodes[i]->value, nodes[i]->visits);
            bad++;
        }
    }
    /* The reversed list, walked on the host. */
    size_t walked = 0;
    for (struct node *p = new_head; p && walked <= n; p = p->next, walked++) {
        if (p != nodes[n - 1 - walked] && bad++ < 5)
            fprintf(stderr, "linked_list: reversed position %zu is %p, expected %p\n", walked,
                    (void *)p, (void *)nodes[n - 1 - walked]);
    }
    if (walked != n && bad++ < 5)
        fprintf(stderr, "linked_list: reversed list has %zu nodes, expected %zu\n", walked, n);
    if (bad)
        goto out;
    char *name = example_string(NULL, ex.device, CL_DEVICE_NAME);
    printf("device: %s\n", name ? name : "?");
    printf(
        "linked_list: %zu malloc'd nodes visited through stored pointers and reversed: OK on %s\n",
        n, name ? name : "?");
    free(name);
    status = 0;
    goto out;
oom:
    fprintf(stderr, "linked_list: out of memory\n");
out:
    for (size_t i = 0; nodes && i < n; i++)
        free(nodes[i]);
    free(nodes);
    free(found);
    if (visit)
        clReleaseKernel(visit);
    if (reverse)
        clReleaseKernel(reverse);
    example_close(&ex);
    return status;
}
