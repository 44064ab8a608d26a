"""What goes out after a month is published: the task queue's jobs (render a revision's PDFs,
mail the subscribers), subscriptions and their emails."""
