// Replace with the name of your table.
String tableName = "Music";

client.putItem(PutItemRequest.builder()
        .tableName(tableName)
        .item(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("No One You Know").build()), Map.entry("SongTitle", AttributeValue.builder().s("Call Me Today").build()), Map.entry("AlbumTitle", AttributeValue.builder().s("Somewhat Famous").build()), Map.entry("Year", AttributeValue.builder().n("2015").build())))
        .build());
