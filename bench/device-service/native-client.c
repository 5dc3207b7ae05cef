/*
 * The 8-client load of bench/device-service in C: the same requests as client-child.ts (a new TCP
 * connection per request, the bytes `mdsCall` sends, the whole response read until the service closes,
 * status 200, Content-Length equal to the body read, no non-zero MDS errorCode), timed the same way
 * (from before the connect to the end of the response), from CLIENTS processes at once, each sending its
 * requests one after another. What it leaves out is the Node.js client's own CPU and garbage-collection
 * pauses on the same two cores: a load generator should not be the bottleneck it measures (wrk, h2load).
 *
 *   native-client PORT REQUEST_FILE CLIENTS REQUESTS_PER_CLIENT
 * prints one time in ms per request (client by client), then "cpu <ms>": the CPU of all clients.
 * Exit 3 and the answer on standard error when a response is not as expected.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char response[1 << 20];

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* 1 when the raw response is a complete HTTP 200 whose MDS body has no non-zero errorCode. */
static int answer_ok(const char *r, size_t n) {
  const char *end = memmem(r, n, "\r\n\r\n", 4);
  if (!end || n < 13 || memcmp(r, "HTTP/1.1 200 ", 13) != 0) return 0;
  size_t head = (size_t)(end - r);
  const char *length = NULL;
  for (const char *p = r + 1; p < end; p++)
    if (p[-1] == '\n' && strncasecmp(p, "content-length:", 15) == 0) {
      length = p + 15;
      break;
    }
  if (!length || strtoul(length, NULL, 10) != n - head - 4) return 0;
  static const char code[] = "\"errorCode\":\"";
  for (const char *p = memmem(end, n - head, code, 13); p; p = memmem(p + 1, (size_t)(r + n - p - 1), code, 13))
    if (p + 13 < r + n && p[13] >= '1' && p[13] <= '9') return 0;
  return 1;
}

static void client(const struct sockaddr_in *to, const char *request, size_t length, int requests, double *times) {
  for (int i = 0; i < requests; i++) {
    double started = now_ms();
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (s < 0 || connect(s, (const struct sockaddr *)to, sizeof *to) != 0) {
      perror("connect");
      _exit(2);
    }
    if (write(s, request, length) != (ssize_t)length) {
      perror("write");
      _exit(2);
    }
    size_t n = 0;
    ssize_t k;
    while (n < sizeof response && (k = read(s, response + n, sizeof response - n)) > 0) n += (size_t)k;
    times[i] = now_ms() - started;
    close(s);
    if (!answer_ok(response, n)) {
      fprintf(stderr, "unexpected answer: %.300s\n", response);
      _exit(3);
    }
  }
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: native-client PORT REQUEST_FILE CLIENTS REQUESTS_PER_CLIENT\n");
    return 2;
  }
  int clients = atoi(argv[3]), requests = atoi(argv[4]);
  static char request[65536];
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    perror(argv[2]);
    return 2;
  }
  size_t length = fread(request, 1, sizeof request, f);
  fclose(f);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  /* Each client writes its times into its own slice of one shared mapping. */
  double *times = mmap(NULL, sizeof(double) * (size_t)clients * (size_t)requests, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (times == MAP_FAILED) return 2;
  for (int c = 0; c < clients; c++)
    if (fork() == 0) client(&to, request, length, requests, times + (size_t)c * (size_t)requests);
  int status, failed = 0;
  while (wait(&status) > 0)
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
  if (failed) return failed;
  for (size_t i = 0; i < (size_t)clients * (size_t)requests; i++) printf("%.4f\n", times[i]);
  struct rusage used;
  getrusage(RUSAGE_CHILDREN, &used);
  printf("cpu %.3f\n", (used.ru_utime.tv_sec + used.ru_stime.tv_sec) * 1e3 +
                           (used.ru_utime.tv_usec + used.ru_stime.tv_usec) / 1e3);
  return 0;
}
