// The autodiff tape; see Graph.swift.
