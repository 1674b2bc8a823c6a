"""symgrad: a symbolic calculus tutor (derivatives, gradients, Hessians, gradient descent)."""

__version__ = "0.1.0"
