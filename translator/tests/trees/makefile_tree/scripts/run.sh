#!/bin/sh
# Runs the program from the project's root, where its data lives.
cd "$(dirname "$0")/.." && exec ./app data/samples.txt
