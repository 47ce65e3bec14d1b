// moved to protocol/ (issue #21): the TUI reads a catalog file as the CLI does, and tui/ imports no daemon/
export * from '../../protocol/csv-text.js'
