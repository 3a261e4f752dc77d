ctx := context.Background()
cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
if err != nil {
	log.Fatal(err)
}
client := secretsmanager.NewFromConfig(cfg)
