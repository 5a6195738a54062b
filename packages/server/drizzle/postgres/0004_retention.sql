CREATE INDEX "events_at" ON "events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "operations_finished_at" ON "operations" USING btree ("finished_at");