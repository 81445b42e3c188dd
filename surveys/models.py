# Models arrive with this app's own issue; the app is installed now so that the layout and
# dependencies (communes <- surveys, dialogues <- reports) are fixed from the start.
