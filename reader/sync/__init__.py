"""Living with a sync engine: the library folder synced by Syncthing or git, nothing lost.

reader has no sync protocol of its own. Its files are made to merge, and when two
machines changed one file before they saw each other's change, reader merges the
two versions by itself on its next command:

- `names`: Syncthing's conflict copies (``NAME.sync-conflict-DATE-TIME-DEVICE.ext``)
  and git's conflict markers, recognised so they are never read as articles;
- `merge`: the merge of two (or, for git, three) versions of an article's front
  matter and body, and of its highlights: tags and highlights united, each state
  field taken from the side that changed it last, the body from the newer extraction;
- `resolve`: applying that to a library folder (conflict copies merged into their
  article and removed, an article deleted on one machine and edited on another
  put in one place with both changes, two files of one id made one);
- `ignore`: the ``.stignore`` and ``.gitignore`` lines that keep reader's own
  temporary files out of the sync, and the git merge driver's set-up.
"""
