#!/usr/bin/env bash
# Record a terminal session of the textfix command with tmux (capture-pane) and write it to
# docs/terminal-session.ansi (with the colours, as ANSI escapes: `cat` it in a terminal) and
# docs/terminal-session.txt (plain).  The progress bar is caught mid-run in a second capture.
#
#   scripts/record-terminal-session.sh            # uses the textfix on PATH (or .venv/bin)
#
# Needs tmux (apt-get install -y tmux).  Writes only the two docs files and a temp folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(dirname "$(command -v textfix || echo "$repo/.venv/bin/textfix")")
demo=$(mktemp -d)
trap 'tmux kill-session -t textfix-demo 2>/dev/null || true; rm -rf "$demo"' EXIT
mkdir -p "$demo/texts"
printf 'He said „yes“ , then left.\nIt cost $ 369 million , he said.\n' > "$demo/article.txt"
printf 'Everything here is fine.\n' > "$demo/clean.txt"
printf 'The the talks ended .\n' > "$demo/texts/a.txt"
printf 'Prices rose 5 %% in May .\n' > "$demo/texts/b.txt"
printf 'Fine text.\n' > "$demo/texts/c.txt"
python3 - "$demo/corpus.txt" <<'PY'
import random, sys
random.seed(1)
lines = ["It cost $ 5 , he said.", "Everything is fine here.", "He said „yes“ , then left.", "The the talks ended."]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(random.choice(lines) for _ in range(150000)) + "\n")
PY
tmux kill-session -t textfix-demo 2>/dev/null || true
tmux new-session -d -s textfix-demo -x 100 -y 50 -c "$demo" \
  "env -i HOME=$demo TERM=xterm-256color LANG=C.UTF-8 PATH=$bin:/usr/bin:/bin PS1='$ ' bash --norc --noprofile"
sleep 1
send() { tmux send-keys -t textfix-demo "$1" Enter; sleep "${2:-3}"; }
send 'textfix check article.txt'
send 'textfix check clean.txt'
send 'textfix check --format grouped texts/'
send 'textfix fix -i texts/'
send 'textfix check texts/'
send 'textfix check --lang xx clean.txt'
send 'textfix check --segments --statistics corpus.txt' 2
tmux capture-pane -t textfix-demo -p > "$demo/mid.txt"
grep -q 'rec/s' "$demo/mid.txt" || echo "warning: no progress bar caught mid-run" >&2
# Wait for the prompt to come back after the corpus run.
for _ in $(seq 120); do
  sleep 1
  [ "$(tmux capture-pane -t textfix-demo -p | grep -c '^\$ $')" -ge 1 ] && break
done
tmux capture-pane -t textfix-demo -p -e > "$repo/docs/terminal-session.ansi"
tmux capture-pane -t textfix-demo -p > "$demo/end.txt"
{
  sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$demo/end.txt"
  echo
  echo "# The same last command, captured while it ran: the progress bar on stderr"
  grep -B1 'rec/s' "$demo/mid.txt" | tail -2
} > "$repo/docs/terminal-session.txt"
echo "wrote docs/terminal-session.ansi and docs/terminal-session.txt"
