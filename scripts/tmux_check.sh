#!/usr/bin/env bash
# Start the TUI in a real terminal (tmux, 100x30), type into it, and check the screen.
# Usage: scripts/tmux_check.sh [path/to/tutor]   (exit 0 when every check passes)
set -euo pipefail
TUTOR=${1:-.venv/bin/tutor}
SESSION="tutor-check-$$"
HOME_DIR=$(mktemp -d)
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_for() {  # wait until the screen shows $1 (10 s at most)
  for _ in $(seq 1 100); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "missing on screen: $1"; screen; return 1
}

tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "env -u GEMINI_API_KEY -u GOOGLE_API_KEY TUTOR_HOME=$HOME_DIR TERM=xterm-256color $TUTOR"
wait_for "offline (no API key)"
wait_for "Ask a question"
tmux send-keys -t "$SESSION" -l '/symbol \nabla_\theta'
tmux send-keys -t "$SESSION" Enter
wait_for "gradient with respect to θ"
tmux send-keys -t "$SESSION" -l 'what is KL divergence?'
tmux send-keys -t "$SESSION" Enter
wait_for "one probability distribution differs"
tmux send-keys -t "$SESSION" F1
wait_for "tutor — help"
tmux send-keys -t "$SESSION" Escape
for _ in $(seq 1 50); do  # an escape followed at once by a key reads as alt+key: wait
  screen | grep -qF "tutor — help" || break
  sleep 0.1
done
tmux send-keys -t "$SESSION" PPage  # PageUp scrolls the conversation from the input
tmux send-keys -t "$SESSION" C-End
tmux send-keys -t "$SESSION" -l 'a draft to clear'
wait_for "a draft to clear"
tmux send-keys -t "$SESSION" C-c  # ctrl+c clears the input, it does not quit
for _ in $(seq 1 50); do
  screen | grep -qF "a draft to clear" || break
  sleep 0.1
done
if screen | grep -qF "a draft to clear"; then echo "ctrl+c did not clear the input"; exit 1; fi
tmux has-session -t "$SESSION" 2>/dev/null || { echo "the app quit on one ctrl+c"; exit 1; }
tmux send-keys -t "$SESSION" C-d  # ctrl+d on an empty input quits
for _ in $(seq 1 50); do
  tmux has-session -t "$SESSION" 2>/dev/null || { echo "tmux check passed"; exit 0; }
  sleep 0.1
done
echo "the app did not quit on ctrl+d"; exit 1
