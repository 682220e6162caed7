"""Tests of fetching against hostile or broken servers: bombs, stalls, resets."""
