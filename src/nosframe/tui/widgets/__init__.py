"""The panels of the editor, one module each. Widgets post messages; the app changes the model."""
