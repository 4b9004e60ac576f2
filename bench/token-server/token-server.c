// A streaming chat-completions server for greenlight's timing-fidelity benchmark: every POST is
// answered with an SSE stream of TOKENS tokens, one every INTERVAL_MS exactly (the first one
// INTERVAL_MS after the request was read), on one thread with epoll and a timerfd. It records
// when it really handed each token to the kernel: those send times are the truth the client's
// measured TTFT and inter-token latency are compared with. A Node server could not keep
// thousands of streams on exact ticks; this one sleeps until the next due token, never polls.
//
// Build: cc -O2 -o token-server token-server.c   (bench/fidelity.mjs does this)
// Run:   token-server INTERVAL_MS TOKENS   -> prints "PORT <n>" once listening on 127.0.0.1;
//        SIGTERM prints the truth as JSON on stdout and exits.
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 20000
#define IN_SIZE 65536
#define HIST_US 2000000 /* histograms of 1 us buckets up to 2 s */

typedef struct Conn {
  int fd;
  char in[IN_SIZE];
  size_t in_len;
  char *out; /* bytes write() did not take yet */
  size_t out_len, out_cap;
  int out_tokens;     /* tokens whose bytes are in `out` */
  int streaming;      /* a stream is in progress */
  int sent;           /* tokens sent of this stream */
  uint64_t requested; /* when the request was read, ns */
  uint64_t due;       /* when the next token is due, ns */
  uint64_t last_send; /* when the previous token went out, ns */
  struct Conn *next_in_queue; /* FIFO of streams by due time */
} Conn;

static Conn *conns[MAX_CONNECTIONS];
/* Streams waiting for their next token, in due order: all share one interval, so a stream that
   sent a token joins the tail and stays in order. A stream closed meanwhile is freed when it
   comes up (fd -1). */
static Conn *queue_head, *queue_tail;
static uint64_t interval_ns;
static int tokens;
static volatile sig_atomic_t stopping = 0;
static uint32_t *itl_hist, *ttft_hist, *late_hist;
static uint64_t itl_count, ttft_count, late_count, streams_done;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void record(uint32_t *hist, uint64_t *count, uint64_t ns) {
  uint64_t us = ns / 1000;
  hist[us < HIST_US ? us : HIST_US - 1]++;
  (*count)++;
}

static double percentile_ms(const uint32_t *hist, uint64_t count, double p) {
  if (count == 0) return -1;
  uint64_t rank = (uint64_t)(p / 100.0 * (double)count + 0.5), seen = 0;
  if (rank < 1) rank = 1;
  for (int us = 0; us < HIST_US; us++) {
    seen += hist[us];
    if (seen >= rank) return us / 1000.0;
  }
  return HIST_US / 1000.0;
}

static void print_dist(const char *name, const uint32_t *hist, uint64_t count, int last) {
  printf("\"%s\":{\"count\":%llu,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}%s", name,
         (unsigned long long)count, percentile_ms(hist, count, 50), percentile_ms(hist, count, 90),
         percentile_ms(hist, count, 99), percentile_ms(hist, count, 100), last ? "" : ",");
}

static void close_conn(int epfd, Conn *c) {
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  conns[c->fd] = NULL;
  c->fd = -1;
  if (!c->streaming) { /* else freed when it comes up in the queue */
    free(c->out);
    free(c);
  }
}

/* Hands buffered bytes to the kernel; the tokens among them are sent once all are taken. */
static int flush(int epfd, Conn *c) {
  while (c->out_len > 0) {
    ssize_t n = write(c->fd, c->out, c->out_len);
    if (n < 0) {
      if (errno == EAGAIN) {
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = c->fd};
        epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
        return 0;
      }
      return -1;
    }
    memmove(c->out, c->out + n, c->out_len - (size_t)n);
    c->out_len -= (size_t)n;
  }
  if (c->out_tokens > 0) {
    uint64_t t = now_ns();
    for (int k = 0; k < c->out_tokens; k++) {
      if (c->sent == 0) record(ttft_hist, &ttft_count, t - c->requested);
      else record(itl_hist, &itl_count, t - c->last_send);
      c->last_send = t;
      c->sent++;
    }
    c->out_tokens = 0;
  }
  return 0;
}

static void append(Conn *c, const char *bytes, size_t len) {
  if (c->out_len + len > c->out_cap) {
    c->out_cap = (c->out_len + len) * 2;
    c->out = realloc(c->out, c->out_cap);
  }
  memcpy(c->out + c->out_len, bytes, len);
  c->out_len += len;
}

/* One SSE event as one HTTP chunk. */
static void append_event(Conn *c, const char *data) {
  char chunk[512];
  int body = snprintf(chunk + 16, sizeof chunk - 16, "data: %s\n\n", data);
  int head = snprintf(chunk, 16, "%x\r\n", body);
  memmove(chunk + head, chunk + 16, (size_t)body);
  memcpy(chunk + head + body, "\r\n", 2);
  append(c, chunk, (size_t)(head + body + 2));
}

static void enqueue(Conn *c) {
  c->next_in_queue = NULL;
  if (queue_tail) queue_tail->next_in_queue = c;
  else queue_head = c;
  queue_tail = c;
}

static void arm(int tfd) {
  struct itimerspec spec = {0};
  if (queue_head) {
    uint64_t due = queue_head->due;
    spec.it_value.tv_sec = (time_t)(due / 1000000000ull);
    spec.it_value.tv_nsec = (long)(due % 1000000000ull);
  }
  timerfd_settime(tfd, TFD_TIMER_ABSTIME, &spec, NULL);
}

/* Sends every token that is due; each stream goes back to the queue's tail for its next one. */
static void tick(int epfd) {
  uint64_t now = now_ns();
  while (queue_head && queue_head->due <= now) {
    Conn *c = queue_head;
    queue_head = c->next_in_queue;
    if (!queue_head) queue_tail = NULL;
    if (c->fd == -1) { /* closed while streaming */
      free(c->out);
      free(c);
      continue;
    }
    record(late_hist, &late_count, now_ns() - c->due);
    char data[256];
    int index = c->sent + c->out_tokens;
    snprintf(data, sizeof data,
             "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" tok%d\"}}]}",
             index);
    append_event(c, data);
    c->out_tokens++;
    int last = index + 1 == tokens;
    if (last) {
      snprintf(data, sizeof data, "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":%d}}", tokens);
      append_event(c, data);
      append_event(c, "[DONE]");
      append(c, "0\r\n\r\n", 5);
    }
    if (flush(epfd, c) < 0) {
      c->streaming = 0;
      close_conn(epfd, c);
      continue;
    }
    if (last) {
      c->streaming = 0;
      streams_done++;
    } else {
      c->due += interval_ns;
      enqueue(c);
    }
  }
}

static const char MODELS[] = "{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}";

/* Answers every whole request in the input buffer; 0 while more bytes are needed, -1 on error. */
static int serve_requests(int epfd, Conn *c) {
  for (;;) {
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return c->in_len >= IN_SIZE ? -1 : 0;
    size_t head = (size_t)(end - c->in) + 4, length = 0;
    for (char *line = memchr(c->in, '\n', head); line && line < end; line = memchr(line + 1, '\n', (size_t)(end - line))) {
      if (strncasecmp(line + 1, "content-length:", 15) == 0) length = strtoul(line + 16, NULL, 10);
    }
    if (head + length > IN_SIZE) return -1;
    if (c->in_len < head + length) return 0;
    int post = strncmp(c->in, "POST ", 5) == 0;
    memmove(c->in, c->in + head + length, c->in_len - head - length);
    c->in_len -= head + length;
    if (!post) {
      char response[256];
      int n = snprintf(response, sizeof response,
                       "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %zu\r\n\r\n%s",
                       sizeof MODELS - 1, MODELS);
      append(c, response, (size_t)n);
      if (flush(epfd, c) < 0) return -1;
      continue;
    }
    if (c->streaming) return -1; /* a client that does not wait for the stream's end */
    static const char HEAD[] = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    append(c, HEAD, sizeof HEAD - 1);
    c->requested = now_ns();
    if (flush(epfd, c) < 0) return -1;
    c->streaming = 1;
    c->sent = 0;
    c->due = c->requested + interval_ns;
    enqueue(c);
  }
}

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

int main(int argc, char **argv) {
  interval_ns = (uint64_t)(argc > 1 ? atof(argv[1]) : 20) * 1000000ull;
  tokens = argc > 2 ? atoi(argv[2]) : 64;
  struct rlimit limit;
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  itl_hist = calloc(HIST_US, sizeof *itl_hist);
  ttft_hist = calloc(HIST_US, sizeof *ttft_hist);
  late_hist = calloc(HIST_US, sizeof *late_hist);
  struct sigaction action = {.sa_handler = on_signal};
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGINT, &action, NULL);
  signal(SIGPIPE, SIG_IGN);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t size = sizeof address;
  if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 4096) < 0) {
    perror("token-server: listen");
    return 1;
  }
  getsockname(listener, (struct sockaddr *)&address, &size);
  printf("PORT %d\n", ntohs(address.sin_port));
  fflush(stdout);

  int epfd = epoll_create1(0);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
  epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
  ev.data.fd = tfd;
  epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
  struct epoll_event events[512];
  while (!stopping) {
    int n = epoll_wait(epfd, events, 512, -1);
    if (n < 0) continue; /* EINTR: a signal */
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == listener) {
        for (int client; (client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0;) {
          if (client >= MAX_CONNECTIONS || conns[client]) {
            close(client);
            continue;
          }
          setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          Conn *c = calloc(1, sizeof *c);
          c->fd = client;
          conns[client] = c;
          struct epoll_event cev = {.events = EPOLLIN, .data.fd = client};
          epoll_ctl(epfd, EPOLL_CTL_ADD, client, &cev);
        }
      } else if (fd == tfd) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) perror("token-server: timerfd");
        tick(epfd);
      } else if (conns[fd]) {
        Conn *c = conns[fd];
        int failed = 0;
        if (events[i].events & EPOLLOUT) {
          if (flush(epfd, c) < 0) failed = 1;
          else if (c->out_len == 0) {
            struct epoll_event cev = {.events = EPOLLIN, .data.fd = fd};
            epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &cev);
          }
        }
        if (!failed && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
          ssize_t got = read(fd, c->in + c->in_len, IN_SIZE - c->in_len);
          if (got <= 0 && !(got < 0 && errno == EAGAIN)) failed = 1;
          else if (got > 0) {
            c->in_len += (size_t)got;
            if (serve_requests(epfd, c) < 0) failed = 1;
          }
        }
        if (failed) close_conn(epfd, c);
      }
    }
    arm(tfd);
  }
  printf("{\"intervalMs\":%.3f,\"tokens\":%d,\"streams\":%llu,", interval_ns / 1e6, tokens,
         (unsigned long long)streams_done);
  print_dist("itlMs", itl_hist, itl_count, 0);
  print_dist("ttftMs", ttft_hist, ttft_count, 0);
  print_dist("timerLatenessMs", late_hist, late_count, 1);
  printf("}\n");
  return 0;
}
